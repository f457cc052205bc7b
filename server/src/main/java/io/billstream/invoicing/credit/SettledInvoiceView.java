package io.billstream.invoicing.credit;

import java.time.Instant;

import io.billstream.invoicing.credit.domain.CreditableInvoice;

/**
 * The object of the {@code invoice.paid} event a credit note writes when it settles an invoice: the
 * invoice's status and amounts, before and after.
 */
record SettledInvoiceView(String id, String object, String number, String status, String customer, String subscription,
                          String currency, long totalMinor, long creditAppliedMinor, long creditedMinor, long amountPaidMinor,
                          long amountDueMinor, Instant paidAt) {

    static SettledInvoiceView before(CreditableInvoice i) {
        return new SettledInvoiceView(i.id(), "invoice", i.number(), i.status(), i.customerId(), i.subscriptionId(), i.currency(),
                i.totalMinor(), i.creditAppliedMinor(), i.creditedMinor(), i.amountPaidMinor(), i.amountDueMinor(), null);
    }

    static SettledInvoiceView settled(CreditableInvoice i, long reductionMinor, Instant paidAt) {
        return new SettledInvoiceView(i.id(), "invoice", i.number(), "paid", i.customerId(), i.subscriptionId(), i.currency(),
                i.totalMinor(), i.creditAppliedMinor(), i.creditedMinor() + reductionMinor, i.amountPaidMinor(),
                i.amountDueMinor() - reductionMinor, paidAt);
    }
}
