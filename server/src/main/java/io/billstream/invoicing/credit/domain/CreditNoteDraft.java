package io.billstream.invoicing.credit.domain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;

/**
 * The lines, tax and allocation of a credit note about to be issued against an invoice, checked
 * against what the invoice still has to credit.
 */
public record CreditNoteDraft(List<CreditedLine> lines, CreditAllocation allocation) {

    public CreditNoteDraft {
        lines = List.copyOf(lines);
    }

    /**
     * @param requested the lines the caller named, or null for everything the invoice still has to credit
     */
    public static CreditNoteDraft of(CreditableInvoice invoice, List<RequestedLine> requested, CreditMethod method) {
        invoice.requireCreditable();
        List<CreditedLine> lines = requested == null ? whole(invoice) : named(invoice, requested);
        long total = lines.stream().mapToLong(CreditedLine::amountMinor).sum();
        return new CreditNoteDraft(lines, CreditAllocation.of(total, invoice, method));
    }

    /**
     * A refund of money paid for the invoice: exactly {@code amountMinor}, spread over the lines in invoice order,
     * each up to what it still has to credit, all of it refunded. It takes nothing off the amount due: the money
     * goes back to the customer, so a partly paid invoice still owes what it owed.
     *
     * @throws StateConflictException {@code invoice_not_finalized}; {@code refund_exceeds_creditable} when the invoice
     *         has less than {@code amountMinor} left to credit; {@code refund_exceeds_paid} when less than that was paid
     *         for it in money and not refunded yet
     */
    public static CreditNoteDraft forRefund(CreditableInvoice invoice, long amountMinor) {
        if (amountMinor <= 0) {
            throw new InvalidValueException("amount_minor", "must be positive");
        }
        invoice.requireIssued();
        if (amountMinor > invoice.remainingMinor()) {
            throw new StateConflictException("refund_exceeds_creditable", "Invoice " + invoice.id() + " has " + invoice.remainingMinor()
                    + " left to credit; a refund of " + amountMinor + " needs a credit note for that much");
        }
        if (amountMinor > invoice.cashRefundableMinor()) {
            throw new StateConflictException("refund_exceeds_paid", "Invoice " + invoice.id() + " has " + invoice.cashRefundableMinor()
                    + " paid in money and not yet refunded; it cannot refund " + amountMinor);
        }
        List<CreditedLine> lines = spread(invoice, amountMinor);
        return new CreditNoteDraft(lines, new CreditAllocation(0, 0, amountMinor));
    }

    /** Every line's remaining amount in invoice order, up to what the invoice as a whole has left. */
    private static List<CreditedLine> whole(CreditableInvoice invoice) {
        return spread(invoice, invoice.remainingMinor());
    }

    /** {@code amountMinor} (at most what the invoice has left) taken from the lines in invoice order. */
    private static List<CreditedLine> spread(CreditableInvoice invoice, long amountMinor) {
        long left = amountMinor;
        List<CreditedLine> lines = new ArrayList<>();
        for (CreditableLine line : invoice.lines()) {
            long amount = Math.min(line.remainingMinor(), left);
            if (amount > 0) {
                lines.add(credit(line, amount));
                left -= amount;
            }
        }
        return lines;
    }

    private static List<CreditedLine> named(CreditableInvoice invoice, List<RequestedLine> requested) {
        if (requested.isEmpty()) {
            throw new InvalidValueException("lines", "must not be empty; leave lines out to credit the whole invoice");
        }
        Map<String, CreditableLine> byId = invoice.lines().stream()
                .collect(Collectors.toMap(CreditableLine::id, Function.identity()));
        Set<String> seen = new HashSet<>();
        List<CreditedLine> lines = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            RequestedLine request = requested.get(i);
            String lineField = "lines[" + i + "].invoice_line";
            String amountField = "lines[" + i + "].amount_minor";
            if (request == null || request.invoiceLineId() == null || request.invoiceLineId().isBlank()) {
                throw new InvalidValueException(lineField, "is required: the ID of a line of invoice " + invoice.id());
            }
            CreditableLine line = byId.get(request.invoiceLineId());
            if (line == null) {
                throw new InvalidValueException(lineField, "'" + request.invoiceLineId() + "' is not a line of invoice " + invoice.id());
            }
            if (!seen.add(line.id())) {
                throw new InvalidValueException(lineField, "line " + line.id() + " is listed more than once");
            }
            if (!line.creditable()) {
                throw new InvalidValueException(lineField, "line " + line.id() + " has no positive amount to credit");
            }
            if (line.remainingMinor() == 0) {
                throw new InvalidValueException(lineField, "line " + line.id() + " is already credited in full");
            }
            long amount = request.amountMinor() == null ? line.remainingMinor() : request.amountMinor();
            if (amount <= 0) {
                throw new InvalidValueException(amountField, "must be positive");
            }
            if (amount > line.remainingMinor()) {
                throw new InvalidValueException(amountField, "must be at most " + line.remainingMinor()
                        + ", what line " + line.id() + " has left to credit (tax included)");
            }
            lines.add(credit(line, amount));
        }
        long total = lines.stream().mapToLong(CreditedLine::amountMinor).sum();
        if (total > invoice.remainingMinor()) {
            throw new InvalidValueException("lines", "the lines add up to " + total + ", more than the " + invoice.remainingMinor()
                    + " invoice " + invoice.id() + " has left to credit");
        }
        return lines;
    }

    private static CreditedLine credit(CreditableLine line, long amountMinor) {
        return new CreditedLine(line.id(), line.description(), amountMinor, line.taxInCredit(amountMinor));
    }

    public long totalMinor() {
        return lines.stream().mapToLong(CreditedLine::amountMinor).sum();
    }

    public long taxMinor() {
        return lines.stream().mapToLong(CreditedLine::taxMinor).sum();
    }

    /** The total without the tax inside it. */
    public long subtotalMinor() {
        return totalMinor() - taxMinor();
    }
}
