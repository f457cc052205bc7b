package io.billstream.invoicing.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.billstream.catalog.domain.PlanTerms;
import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.events.BillingEventLog;
import io.billstream.invoicing.db.CustomerLocks;
import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.invoicing.domain.LineKind;
import io.billstream.invoicing.domain.LineTaxAmount;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.clock.BillingTime;
import io.billstream.platform.domain.Metadata;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.money.Money;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What operators do to invoices through the API: one-off invoices, draft edits, finalise, void, write off, external tax. */
@Service
public class InvoiceOperations {

    static final String UPDATED = "invoice.updated";
    static final String VOIDED = "invoice.voided";
    static final String UNCOLLECTIBLE = "invoice.marked_uncollectible";
    static final String TAX_APPLIED = "invoice.tax_applied";
    static final int MAX_LINES = 500;

    private final Invoices invoices;
    private final InvoiceLines lines;
    private final InvoiceDrafts drafts;
    private final InvoiceFinalization finalization;
    private final BillingRun runs;
    private final InvoicePolicies policies;
    private final InvoiceSettlement settlement;
    private final CustomerLocks locks;
    private final CustomerDirectory customers;
    private final BillingTime time;
    private final BillingEventLog events;
    private final AuditLog audit;

    InvoiceOperations(Invoices invoices, InvoiceLines lines, InvoiceDrafts drafts, InvoiceFinalization finalization, BillingRun runs,
                      InvoicePolicies policies, InvoiceSettlement settlement, CustomerLocks locks, CustomerDirectory customers,
                      BillingTime time, BillingEventLog events, AuditLog audit) {
        this.invoices = invoices;
        this.lines = lines;
        this.drafts = drafts;
        this.finalization = finalization;
        this.runs = runs;
        this.policies = policies;
        this.settlement = settlement;
        this.locks = locks;
        this.customers = customers;
        this.time = time;
        this.events = events;
        this.audit = audit;
    }

    /** A one-off invoice with manual lines, in the customer's currency: a draft, or issued at once with auto_finalize. */
    @Transactional
    public InvoiceView create(InvoiceRequests.CreateInvoice request) {
        if (request.customer() == null) {
            throw ApiException.invalid("customer", "customer is required: a customer ID or external_id");
        }
        BillingProfile customer = customers.billingProfile(request.customer())
                .orElseThrow(() -> ApiException.invalid("customer", "No customer '" + request.customer() + "' in this tenant"));
        if (customer.currency() == null) {
            throw ApiException.invalid("customer", "Customer " + customer.id() + " has no currency to invoice in; set its currency first");
        }
        if (request.lines() == null || request.lines().isEmpty()) {
            throw ApiException.invalid("lines", "an invoice needs at least one line");
        }
        Map<String, String> metadata = Metadata.valid(request.metadata());
        String memo = memo(request.memo());
        Instant now = time.nowForChange(customer.testClockId());
        String tenantId = TenantContext.require();
        locks.lock(tenantId, customer.id());
        List<DraftLine> manual = new ArrayList<>();
        for (int i = 0; i < request.lines().size(); i++) {
            manual.add(manualLine(request.lines().get(i), "lines[" + i + "]", customer.currency()));
        }
        Invoice draft = runs.newDraft(Ids.next("in"), tenantId, customer, customer.currency(), Invoice.MANUAL, now, null, now);
        // A one-off draft waits for its operator (finalize, or auto_finalize): with no finalize_at, the end of the
        // customer's grace period (now, for most customers) does not issue it behind the operator's back.
        draft = draft.withNotes(memo, metadata, null);
        Invoice created = drafts.create(draft, manual, now);
        if (Boolean.TRUE.equals(request.autoFinalize())) {
            created = finalization.finalizeLocked(created, now);
        }
        InvoiceView view = drafts.view(created);
        audit.record("invoice.create", "invoice", created.id(), null, view);
        return view;
    }

    @Transactional
    public InvoiceView update(String id, InvoiceRequests.UpdateDraft request) {
        Invoice draft = lockDraft(id);
        Invoice edited = draft.withNotes(request.memo() == null ? draft.memo() : memo(request.memo()),
                request.metadata() == null ? draft.metadata() : Metadata.valid(request.metadata()), draft.finalizeAt());
        InvoiceView before = drafts.view(draft);
        Invoice saved = drafts.withTotals(edited, lines.lines(draft.tenantId(), draft.id()), clockNow(draft));
        return changed(before, saved, "invoice.update");
    }

    @Transactional
    public InvoiceView addLine(String id, InvoiceRequests.ManualLine request) {
        Invoice draft = lockDraft(id);
        if (lines.lines(draft.tenantId(), draft.id()).size() >= MAX_LINES) {
            throw ApiException.conflict("too_many_lines", null, "An invoice holds at most " + MAX_LINES + " lines");
        }
        InvoiceView before = drafts.view(draft);
        Instant now = clockNow(draft);
        lines.append(draft.tenantId(), draft.id(), List.of(manualLine(request, "line", draft.currency())), now);
        return changed(before, drafts.retotal(draft, now), "invoice.add_line");
    }

    /** Removes a manual line; lines a billing run made come back on the next refresh, so they cannot be removed. */
    @Transactional
    public InvoiceView removeLine(String id, String lineId) {
        Invoice draft = lockDraft(id);
        InvoiceLine line = lines.lines(draft.tenantId(), draft.id()).stream().filter(l -> l.id().equals(lineId)).findFirst()
                .orElseThrow(() -> ApiException.notFound("invoice_line", lineId));
        if (line.kind() != LineKind.MANUAL) {
            throw ApiException.conflict("line_not_removable", null, "Line " + lineId + " is a " + line.kind().apiName()
                    + " line from a billing run; only manual lines can be removed (correct the rest with a credit note once issued)");
        }
        InvoiceView before = drafts.view(draft);
        Instant now = clockNow(draft);
        lines.delete(draft.tenantId(), draft.id(), List.of(lineId));
        return changed(before, drafts.retotal(draft, now), "invoice.remove_line");
    }

    /** Finalises a draft before its grace period ends. */
    @Transactional
    public InvoiceView finalizeNow(String id) {
        Invoice draft = lockDraft(id);
        Invoice done = finalization.finalizeLocked(draft, clockNow(draft));
        InvoiceView view = drafts.view(done);
        audit.record("invoice.finalize", "invoice", id, null, view);
        return view;
    }

    /** The scheduler's finalisation at the end of the grace period; skips invoices no longer drafts. */
    @Transactional
    public void finalizeDue(String id, Instant now) {
        Invoice found = invoices.find(TenantContext.require(), id, false).orElse(null);
        if (found == null) {
            return;
        }
        locks.lock(found.tenantId(), found.customerId());
        Invoice draft = invoices.find(found.tenantId(), id, true).orElseThrow();
        if (draft.status() == InvoiceStatus.DRAFT) {
            finalization.finalizeLocked(draft, now);
        }
    }

    /** Applies an external tax system's tax lines to an invoice in {@code pending_tax}, then issues it. */
    @Transactional
    public InvoiceView applyTaxLines(String id, InvoiceRequests.TaxLines request) {
        Invoice invoice = lock(id);
        if (invoice.status() != InvoiceStatus.PENDING_TAX) {
            throw ApiException.conflict("invoice_not_pending_tax", null, "Invoice " + id + " is " + invoice.status().apiName()
                    + "; tax lines are applied only to invoices in pending_tax");
        }
        if (request.taxLines() == null || request.taxLines().isEmpty()) {
            throw ApiException.invalid("tax_lines", "at least one tax line is required (send one with amount_minor 0 for untaxed lines)");
        }
        Map<String, InvoiceLine> byId = new HashMap<>();
        lines.lines(invoice.tenantId(), invoice.id()).forEach(l -> byId.put(l.id(), l));
        List<LineTaxAmount> taxes = new ArrayList<>();
        for (int i = 0; i < request.taxLines().size(); i++) {
            InvoiceRequests.TaxLine t = request.taxLines().get(i);
            String field = "tax_lines[" + i + "]";
            InvoiceLine line = t.invoiceLine() == null ? null : byId.get(t.invoiceLine());
            if (line == null) {
                throw ApiException.invalid(field + ".invoice_line", t.invoiceLine() == null ? "invoice_line is required"
                        : "Invoice " + id + " has no line '" + t.invoiceLine() + "'");
            }
            if (t.name() == null || t.name().isBlank() || t.name().length() > 100) {
                throw ApiException.invalid(field + ".name", "name is required, at most 100 characters (e.g. 'CA State Tax')");
            }
            if (t.amountMinor() == null) {
                throw ApiException.invalid(field + ".amount_minor", "amount_minor is required: the tax in minor units");
            }
            if (Long.signum(t.amountMinor()) * Long.signum(line.amountMinor()) < 0) {
                throw ApiException.invalid(field + ".amount_minor", "tax must have the sign of its line's amount ("
                        + line.amountMinor() + ")");
            }
            if (t.percentage() != null && (t.percentage().signum() < 0 || t.percentage().compareTo(BigDecimal.valueOf(100)) > 0)) {
                throw ApiException.invalid(field + ".percentage", "percentage must be between 0 and 100");
            }
            boolean inclusive = Boolean.TRUE.equals(t.inclusive());
            long taxable = inclusive ? line.amountMinor() - t.amountMinor() : line.amountMinor();
            taxes.add(new LineTaxAmount(line.id(), null, t.name(), t.percentage(), inclusive, taxable, t.amountMinor(),
                    t.jurisdiction(), t.externalRef()));
        }
        Instant now = clockNow(invoice);
        lines.replaceTaxes(invoice.tenantId(), invoice.id(), taxes, now);
        Invoice taxed = drafts.withTotals(invoice, lines.lines(invoice.tenantId(), invoice.id()), now);
        events.append(TAX_APPLIED, InvoiceDrafts.subjects(taxed), drafts.view(taxed), null);
        Invoice issued = finalization.issue(taxed, now);
        InvoiceView view = drafts.view(issued);
        audit.record("invoice.apply_tax_lines", "invoice", id, null, view);
        return view;
    }

    /**
     * Voids an issued invoice: nothing is owed any more and credit balance it used is given back. A
     * paid invoice is only voided by crediting what was paid in the same step (a credit note).
     */
    @Transactional
    public InvoiceView voidInvoice(String id, InvoiceRequests.VoidInvoice request) {
        Invoice invoice = lock(id);
        InvoiceView before = drafts.view(invoice);
        Instant now = clockNow(invoice);
        switch (invoice.status()) {
            case FINALIZED, UNCOLLECTIBLE -> {
                policies.restoreCredit(invoice.id());
                invoices.changeStatus(invoice.tenantId(), id, invoice.status(), InvoiceStatus.VOID, now, 0);
            }
            case PAID -> {
                if (request == null || request.creditNote() == null) {
                    throw ApiException.conflict("credit_note_required", "credit_note", "Invoice " + id + " is paid: voiding it "
                            + "needs a credit note for what was paid; send credit_note {reason, credit_method}");
                }
                policies.creditRemaining(invoice.id(), request.creditNote().reason(), request.creditNote().creditMethod());
                invoices.changeStatus(invoice.tenantId(), id, InvoiceStatus.PAID, InvoiceStatus.VOID, now, 0);
            }
            default -> throw ApiException.conflict("invoice_not_voidable", null, "Invoice " + id + " is " + invoice.status().apiName()
                    + "; only finalized, paid or uncollectible invoices can be voided (a draft is finalised or edited instead)");
        }
        Invoice voided = invoices.find(invoice.tenantId(), id, false).orElseThrow();
        InvoiceView view = drafts.view(voided);
        events.appendChange(VOIDED, InvoiceDrafts.subjects(voided), before, view);
        audit.record("invoice.void", "invoice", id, before, view);
        return view;
    }

    /** Writes off a finalised invoice that will not be paid. */
    @Transactional
    public InvoiceView markUncollectible(String id) {
        Invoice invoice = lock(id);
        if (invoice.status() != InvoiceStatus.FINALIZED) {
            throw ApiException.conflict("invoice_not_open", null, "Invoice " + id + " is " + invoice.status().apiName()
                    + "; only a finalized invoice with an amount due can be marked uncollectible");
        }
        InvoiceView before = drafts.view(invoice);
        InvoiceView view = settlement.writeOff(invoice, clockNow(invoice));
        audit.record("invoice.mark_uncollectible", "invoice", id, before, view);
        return view;
    }

    private InvoiceView changed(InvoiceView before, Invoice saved, String action) {
        InvoiceView view = drafts.view(saved);
        events.appendChange(UPDATED, InvoiceDrafts.subjects(saved), before, view);
        audit.record(action, "invoice", saved.id(), before, view);
        return view;
    }

    /** Locks the invoice's customer, then the invoice: the order every billing path takes. */
    private Invoice lock(String id) {
        String tenantId = TenantContext.require();
        Invoice found = invoices.find(tenantId, id, false).orElseThrow(() -> ApiException.notFound("invoice", id));
        locks.lock(tenantId, found.customerId());
        return invoices.find(tenantId, id, true).orElseThrow();
    }

    private Invoice lockDraft(String id) {
        Invoice invoice = lock(id);
        if (invoice.status() != InvoiceStatus.DRAFT) {
            throw ApiException.conflict("invoice_not_draft", null, "Invoice " + id + " is " + invoice.status().apiName()
                    + "; only drafts can be changed (issued invoices are corrected with credit notes)");
        }
        return invoice;
    }

    private Instant clockNow(Invoice invoice) {
        return time.nowForChange(invoice.testClockId());
    }

    private DraftLine manualLine(InvoiceRequests.ManualLine line, String field, String currency) {
        if (line == null) {
            throw ApiException.invalid(field, "a line is required");
        }
        if (line.description() == null || line.description().isBlank() || line.description().length() > 500) {
            throw ApiException.invalid(field + ".description", "description is required, at most 500 characters");
        }
        BigDecimal quantity = line.quantity() == null ? BigDecimal.ONE : line.quantity();
        if (quantity.signum() <= 0) {
            throw ApiException.invalid(field + ".quantity", "quantity must be more than 0");
        }
        if (quantity.stripTrailingZeros().scale() > 12 || quantity.precision() - quantity.scale() > 18) {
            throw ApiException.invalid(field + ".quantity", "quantity has more than 12 decimals or 18 digits");
        }
        PlanTerms.checkPrice(line.unitPrice(), field + ".unit_price");
        BigDecimal exact = quantity.multiply(line.unitPrice());
        long minor = Money.ofMajor(exact, Currency.getInstance(currency), policies.rounding()).amountMinor();
        List<String> rates = line.taxRateIds() == null ? List.of() : line.taxRateIds();
        Set<String> distinct = new HashSet<>(rates);
        if (distinct.size() != rates.size()) {
            throw ApiException.invalid(field + ".tax_rate_ids", "a tax rate appears twice");
        }
        policies.checkRates(rates, field + ".tax_rate_ids");
        return new DraftLine(LineKind.MANUAL, line.description(), null, null, null, null, null, quantity, line.unitPrice(), exact,
                minor, List.of(), null, null, null, rates);
    }

    private static String memo(String memo) {
        if (memo != null && memo.length() > 2000) {
            throw ApiException.invalid("memo", "memo is at most 2,000 characters");
        }
        return memo;
    }
}
