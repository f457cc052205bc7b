package io.billstream.payment.recovery.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/** What exhaustion does to the subscriptions of an invoice that could not be collected. */
public enum FinalAction {
    /** They end at once, for non-payment. */
    CANCEL,
    /** They stay {@code past_due} (and restricted, if the policy restricts) until the invoice is paid. */
    KEEP;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FinalAction parse(String value, String field) {
        return Arrays.stream(values()).filter(a -> a.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, field + " must be one of [cancel, keep]"));
    }
}
