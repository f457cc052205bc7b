package io.billstream.invoicing.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import io.billstream.invoicing.credit.CreditBalanceChange;
import io.billstream.invoicing.credit.CreditNoteView;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class InvoiceEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("invoice.created", "A billing run or an operator made a draft invoice.", InvoiceView.class),
                new BillingEventType("invoice.updated", "A draft was edited (memo, metadata, lines).", InvoiceView.class),
                new BillingEventType("invoice.pending_tax", "Finalisation is waiting for an external tax system.", InvoiceView.class),
                new BillingEventType("invoice.tax_applied", "External tax lines were applied.", InvoiceView.class),
                new BillingEventType("invoice.finalized", "An invoice was issued: numbered and frozen.", InvoiceView.class),
                new BillingEventType("invoice.paid", "Nothing is left to pay on an invoice (issued at zero, or settled by a payment or "
                        + "a credit note).", InvoiceView.class),
                new BillingEventType("invoice.voided", "An issued invoice was voided.", InvoiceView.class),
                new BillingEventType("invoice.marked_uncollectible", "An invoice was written off.", InvoiceView.class),
                new BillingEventType("credit_note.created", "A credit note was issued.", CreditNoteView.class),
                new BillingEventType("credit_note.updated", "A credit note's refund was carried out or failed.", CreditNoteView.class),
                new BillingEventType("customer.credit_balance_changed", "A customer's credit balance moved.", CreditBalanceChange.class,
                        "credit_balance"));
    }
}
