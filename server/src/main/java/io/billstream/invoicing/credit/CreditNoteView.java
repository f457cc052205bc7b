package io.billstream.invoicing.credit;

import java.time.Instant;
import java.util.List;

import io.billstream.invoicing.credit.domain.CreditNote;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A credit note as the API and its billing events show it. {@code total_minor} splits into
 * {@code invoice_reduction_minor + credit_balance_minor + refund_minor}.
 */
@JacksonXmlRootElement(localName = "credit_note")
public record CreditNoteView(String id, String object, String number, String invoice, String customer, String currency, String reason,
                             String creditMethod, long subtotalMinor, long taxMinor, long totalMinor, long invoiceReductionMinor,
                             long creditBalanceMinor, long refundMinor, String refundStatus, String memo,
                             @JacksonXmlElementWrapper(localName = "lines") @JacksonXmlProperty(localName = "line") List<Line> lines,
                             String testClock, Instant createdAt) {

    public record Line(String id, String object, String invoiceLine, String description, long amountMinor, long taxMinor) {
    }

    static CreditNoteView of(CreditNote note) {
        return new CreditNoteView(note.id(), "credit_note", note.number(), note.invoiceId(), note.customerId(), note.currency(),
                note.reason().apiName(), note.method().apiName(), note.subtotalMinor(), note.taxMinor(), note.totalMinor(),
                note.allocation().invoiceReductionMinor(), note.allocation().creditBalanceMinor(), note.allocation().refundMinor(),
                note.refundStatus(), note.memo(),
                note.lines().stream().map(l -> new Line(l.id(), "credit_note_line", l.invoiceLineId(), l.description(), l.amountMinor(),
                        l.taxMinor())).toList(),
                note.testClockId(), note.createdAt());
    }
}
