package io.billstream.invoicing.credit.domain;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A correction of a finalised invoice, issued once and never changed (only {@code refund_status}
 * moves on, when the payments module has paid the refund).
 *
 * @param refundStatus {@code pending} while a refund waits for the payments module, {@code refunded} once paid;
 *                     null when nothing is refunded
 */
public record CreditNote(String id, String tenantId, String invoiceId, String customerId, String number, String currency,
                         CreditReason reason, CreditMethod method, long subtotalMinor, long taxMinor, long totalMinor,
                         CreditAllocation allocation, String refundStatus, String memo, String testClockId, Instant createdAt,
                         List<Line> lines) {

    public static final int MAX_MEMO_LENGTH = 500;

    public CreditNote {
        lines = List.copyOf(lines);
    }

    public record Line(String id, String invoiceLineId, String description, long amountMinor, long taxMinor) {
    }

    /** @param lineIds one new ID per line of the draft, in order */
    public static CreditNote issue(String id, String tenantId, CreditableInvoice invoice, CreditNoteDraft draft, CreditReason reason,
                                   CreditMethod method, String memo, Instant now, List<String> lineIds) {
        List<Line> lines = new java.util.ArrayList<>();
        for (int i = 0; i < draft.lines().size(); i++) {
            CreditedLine line = draft.lines().get(i);
            lines.add(new Line(lineIds.get(i), line.invoiceLineId(), line.description(), line.amountMinor(), line.taxMinor()));
        }
        CreditAllocation allocation = draft.allocation();
        return new CreditNote(id, tenantId, invoice.id(), invoice.customerId(), invoice.nextCreditNoteNumber(), invoice.currency(),
                reason, method, draft.subtotalMinor(), draft.taxMinor(), draft.totalMinor(), allocation,
                allocation.refundMinor() > 0 ? "pending" : null, memo(memo), invoice.testClockId(), now, lines);
    }

    private static String memo(String memo) {
        if (memo == null || memo.isBlank()) {
            return null;
        }
        String trimmed = memo.strip();
        if (trimmed.length() > MAX_MEMO_LENGTH) {
            throw new InvalidValueException("memo", "must be at most " + MAX_MEMO_LENGTH + " characters");
        }
        return trimmed;
    }
}
