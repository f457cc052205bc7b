package io.billstream.invoicing.credit.domain;

import java.util.List;

/** Invoices to credit, built from hand-written numbers. */
final class CreditFixtures {

    private CreditFixtures() {
    }

    /** A line with exclusive tax on top. */
    static CreditableLine line(String id, long amountMinor, long taxMinor) {
        return new CreditableLine(id, "Line " + id, amountMinor, taxMinor, 0, 0);
    }

    /** A line whose amount contains its tax. */
    static CreditableLine inclusiveLine(String id, long amountMinor, long inclusiveTaxMinor) {
        return new CreditableLine(id, "Line " + id, amountMinor, 0, inclusiveTaxMinor, 0);
    }

    /** An issued, unpaid invoice: the amount due is the total. */
    static CreditableInvoice unpaid(CreditableLine... lines) {
        long total = total(lines);
        return invoice("finalized", total, 0, 0, total, PriorCredits.NONE, lines);
    }

    /** An invoice paid in full in money. */
    static CreditableInvoice paid(CreditableLine... lines) {
        long total = total(lines);
        return invoice("paid", total, 0, total, 0, PriorCredits.NONE, lines);
    }

    static CreditableInvoice invoice(String status, long totalMinor, long creditAppliedMinor, long amountPaidMinor, long amountDueMinor,
                                     PriorCredits prior, CreditableLine... lines) {
        return new CreditableInvoice("in_1", "cus_1", "sub_1", status, "INV-2026-000042", "USD", totalMinor, creditAppliedMinor,
                totalMinor - creditAppliedMinor - amountPaidMinor - amountDueMinor, amountPaidMinor, amountDueMinor, null,
                List.of(lines), prior);
    }

    private static long total(CreditableLine... lines) {
        return List.of(lines).stream().mapToLong(CreditableLine::totalMinor).sum();
    }
}
