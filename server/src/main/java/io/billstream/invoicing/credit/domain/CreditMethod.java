package io.billstream.invoicing.credit.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Where the part of a credit note that the invoice's unpaid amount cannot absorb goes: the
 * customer's credit balance (consumed by the next invoices) or back as money (a refund the payments
 * module carries out).
 */
public enum CreditMethod {
    CREDIT_BALANCE, REFUND;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code credit_balance} when absent. */
    public static CreditMethod parseOrDefault(String value, String field) {
        if (value == null) {
            return CREDIT_BALANCE;
        }
        return Arrays.stream(values()).filter(m -> m.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(CreditMethod::apiName).toList()));
    }
}
