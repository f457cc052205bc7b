package io.billstream.invoicing.application;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.invoicing.InvoiceOpenedListener;
import io.billstream.invoicing.PayableInvoice;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceNumber;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.invoicing.domain.InvoiceTotals;
import io.billstream.invoicing.domain.PaymentTerms;
import io.billstream.invoicing.db.InvoiceNumbers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finalisation: the last refresh of a draft, then either {@code pending_tax} (external tax) or the
 * freeze: a gap-free number, the customer's credit balance applied, the due date from the customer's
 * payment terms, the buyer and seller as printed, {@code invoice.finalized}, and the invoice e-mail.
 */
@Component
class InvoiceFinalization {

    static final String FINALIZED = "invoice.finalized";
    static final String PENDING_TAX = "invoice.pending_tax";
    static final String PAID = "invoice.paid";

    private final Invoices invoices;
    private final InvoiceNumbers numbers;
    private final InvoiceDrafts drafts;
    private final InvoicePolicies policies;
    private final CustomerDirectory customers;
    private final BillingEventLog events;
    private final InvoiceNotices notices;
    private final JsonMapper json;
    // Looked up when an invoice is issued, not when this is built: the payments module's listener depends on
    // invoicing's own services, and a list injected here would close that circle at start-up.
    private final ObjectProvider<InvoiceOpenedListener> openedListeners;

    InvoiceFinalization(Invoices invoices, InvoiceNumbers numbers, InvoiceDrafts drafts, InvoicePolicies policies,
                        CustomerDirectory customers, BillingEventLog events, InvoiceNotices notices, JsonMapper json,
                        ObjectProvider<InvoiceOpenedListener> openedListeners) {
        this.invoices = invoices;
        this.numbers = numbers;
        this.drafts = drafts;
        this.policies = policies;
        this.customers = customers;
        this.events = events;
        this.notices = notices;
        this.json = json;
        this.openedListeners = openedListeners;
    }

    /**
     * Finalises a draft the caller has locked (with its customer): reprices its usage one last time,
     * then issues it, or hands it to the external tax system.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice finalizeLocked(Invoice draft, Instant now) {
        return finalizeLocked(draft, now, false);
    }

    /**
     * @param justBuilt the draft was assembled, priced and taxed in this very transaction under the customer's
     *                  lock (a run with no grace period): nothing can have changed, so it is issued as it is
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice finalizeLocked(Invoice draft, Instant now, boolean justBuilt) {
        if (draft.status() != InvoiceStatus.DRAFT) {
            throw new IllegalStateException("invoice " + draft.id() + " is " + draft.status().apiName());
        }
        String taxMode = justBuilt ? draft.taxMode() : policies.taxMode(draft.customerId());
        Invoice current = draft.taxMode().equals(taxMode) ? draft : draft.withTaxMode(taxMode);
        Invoice refreshed = justBuilt ? current
                : Invoice.MANUAL.equals(current.billingReason()) ? drafts.retotal(current, now) : drafts.refresh(current, now);
        if ("external".equals(taxMode)) {
            invoices.markPendingTax(refreshed.tenantId(), refreshed.id(), now);
            Invoice pending = invoices.find(refreshed.tenantId(), refreshed.id(), false).orElseThrow();
            events.append(PENDING_TAX, InvoiceDrafts.subjects(pending), drafts.view(pending), null);
            return pending;
        }
        return issue(refreshed, now);
    }

    /**
     * Freezes an invoice whose lines and tax are final: number, credit, due date, status, events, e-mail; then tells
     * the {@link InvoiceOpenedListener}s of an invoice left with an amount due, so collecting it starts in the
     * same transaction.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice issue(Invoice invoice, Instant now) {
        BillingProfile customer = customers.billingProfile(invoice.customerId()).orElseThrow();
        int year = now.atOffset(ZoneOffset.UTC).getYear();
        String number = InvoiceNumber.format(policies.numberPrefix(), year, numbers.next(invoice.tenantId(), year));
        long creditApplied = 0;
        if (invoice.totalMinor() > 0) {
            creditApplied = policies.consumeCredit(invoice.customerId(), invoice.currency(), invoice.totalMinor(), invoice.id());
        } else if (invoice.totalMinor() < 0) {
            // More credit than charges (prorations of a downgrade): the difference goes to the customer's credit balance.
            policies.addCredit(invoice.customerId(), invoice.currency(), -invoice.totalMinor(), invoice.id(),
                    "Credit from invoice " + number);
        }
        long due = InvoiceTotals.amountDue(invoice.totalMinor(), creditApplied, invoice.creditedMinor(), invoice.amountPaidMinor());
        InvoiceStatus status = due == 0 ? InvoiceStatus.PAID : InvoiceStatus.FINALIZED;
        Instant dueAt = PaymentTerms.dueAt(now, invoice.netTermsDays(), ZoneId.of(customer.timezone()));
        Invoice issued = invoice.issued(status, number, creditApplied, due, json.writeValueAsString(customer), policies.sellerSnapshot(),
                now, dueAt);
        invoices.finalize(issued);
        InvoiceView view = drafts.view(issued);
        events.append(FINALIZED, InvoiceDrafts.subjects(issued), view, null);
        if (status == InvoiceStatus.PAID) {
            events.append(PAID, InvoiceDrafts.subjects(issued), view, null);
        }
        notices.invoiceIssued(issued, customer, view);
        if (status == InvoiceStatus.FINALIZED) {
            PayableInvoice payable = InvoiceSettlement.payable(issued, view.lines().stream().map(InvoiceView.Line::subscriptionId).toList());
            openedListeners.orderedStream().forEach(listener -> listener.invoiceOpened(payable, now));
        }
        return issued;
    }
}
