package io.billstream.invoicing.credit.domain;

import java.util.Arrays;
import java.util.Locale;

/**
 * Why a customer's credit balance moved: a credit note added to it, an invoice consumed it, a voided
 * invoice gave back what it had consumed, an invoice with a negative total (more credits than
 * charges) carried the difference over, an operator adjusted it by hand, a payment brought more than
 * its invoice owed, or a credit note's refund could not be paid out and the customer keeps its value
 * as credit instead.
 */
public enum CreditBalanceKind {
    CREDIT_NOTE, INVOICE_APPLIED, INVOICE_VOIDED, INVOICE_CREDIT, ADJUSTMENT, OVERPAYMENT, REFUND_FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CreditBalanceKind fromApiName(String value) {
        return Arrays.stream(values()).filter(k -> k.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No credit balance kind '" + value + "'"));
    }
}
