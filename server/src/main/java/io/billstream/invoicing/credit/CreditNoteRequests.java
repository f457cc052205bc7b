package io.billstream.invoicing.credit;

import java.util.List;

/** The API's commands on credit notes and credit balances; validated by {@link CreditNotes} and {@link CreditBalances}. */
public final class CreditNoteRequests {

    private CreditNoteRequests() {
    }

    /**
     * @param invoice      the finalised invoice to credit
     * @param reason       {@code refund}, {@code correction} or {@code goodwill}
     * @param creditMethod {@code credit_balance} (default) or {@code refund}
     * @param lines        the lines and amounts to credit; null for everything the invoice still has to credit
     */
    public record CreateCreditNote(String invoice, String reason, String creditMethod, List<Line> lines, String memo) {
    }

    /** @param amountMinor tax included; null for what the line still has to credit */
    public record Line(String invoiceLine, Long amountMinor) {
    }

    /**
     * @param amountMinor positive grants credit, negative removes it
     * @param currency    the customer's currency (the default)
     */
    public record AdjustCreditBalance(Long amountMinor, String currency, String description) {
    }
}
