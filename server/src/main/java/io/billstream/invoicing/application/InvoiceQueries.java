package io.billstream.invoicing.application;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.OneTimeItem;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.invoicing.domain.InvoiceTotals;
import io.billstream.invoicing.domain.LineKind;
import io.billstream.invoicing.domain.LineTaxAmount;
import io.billstream.platform.money.Money;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.platform.web.QueryTimes;
import io.billstream.subscription.SubscriptionDirectory;
import io.billstream.subscription.SubscriptionDirectory.MeteredSubscription;
import io.billstream.subscription.SubscriptionLedger;
import io.billstream.subscription.SubscriptionLedger.Period;
import io.billstream.usage.LateUsage;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading invoices: one, a filtered list, and the dry run of a subscription's next invoice. */
@Service
public class InvoiceQueries {

    /** The list filters as received; each optional. */
    public record ListQuery(String status, String customer, String subscription, String issuedFrom, String issuedTo, String dueFrom,
                            String dueTo, Long totalFrom, Long totalTo) {
    }

    private final Invoices invoices;
    private final InvoiceLines lines;
    private final InvoiceAssembler assembler;
    private final InvoicePolicies policies;
    private final SubscriptionLedger ledger;
    private final SubscriptionDirectory subscriptions;
    private final CustomerDirectory customers;
    private final PlanCatalog plans;
    private final LateUsage lateUsage;

    InvoiceQueries(Invoices invoices, InvoiceLines lines, InvoiceAssembler assembler, InvoicePolicies policies,
                   SubscriptionLedger ledger, SubscriptionDirectory subscriptions, CustomerDirectory customers, PlanCatalog plans,
                   LateUsage lateUsage) {
        this.invoices = invoices;
        this.lines = lines;
        this.assembler = assembler;
        this.policies = policies;
        this.ledger = ledger;
        this.subscriptions = subscriptions;
        this.customers = customers;
        this.plans = plans;
        this.lateUsage = lateUsage;
    }

    @Transactional(readOnly = true)
    public InvoiceView get(String id) {
        Invoice invoice = find(id);
        return InvoiceView.of(invoice, lines.lines(invoice.tenantId(), id), lines.taxes(invoice.tenantId(), id));
    }

    @Transactional(readOnly = true)
    public Invoice find(String id) {
        return invoices.find(TenantContext.require(), id, false).orElseThrow(() -> ApiException.notFound("invoice", id));
    }

    @Transactional(readOnly = true)
    public List<InvoiceLine> lines(Invoice invoice) {
        return lines.lines(invoice.tenantId(), invoice.id());
    }

    @Transactional(readOnly = true)
    public List<LineTaxAmount> taxes(Invoice invoice) {
        return lines.taxes(invoice.tenantId(), invoice.id());
    }

    @Transactional(readOnly = true)
    public ListPage<InvoiceView> list(ListQuery q, PageRequest page) {
        String customerId = null;
        if (q.customer() != null) {
            customerId = customers.find(q.customer()).map(c -> c.id()).orElse("-");
        }
        String subscriptionId = null;
        if (q.subscription() != null) {
            subscriptionId = subscriptions.find(q.subscription()).map(MeteredSubscription::id).orElse("-");
        }
        if (q.totalFrom() != null && q.totalTo() != null && q.totalFrom() > q.totalTo()) {
            throw ApiException.invalid("total_to", "total_to must not be below total_from");
        }
        Invoices.Filter filter = new Invoices.Filter(q.status() == null ? null : InvoiceStatus.parse(q.status(), "status"), customerId,
                subscriptionId, QueryTimes.parse(q.issuedFrom(), "issued_from"), QueryTimes.parse(q.issuedTo(), "issued_to"),
                QueryTimes.parse(q.dueFrom(), "due_from"), QueryTimes.parse(q.dueTo(), "due_to"), q.totalFrom(), q.totalTo());
        String tenantId = TenantContext.require();
        List<Invoice> rows = invoices.list(tenantId, filter, page);
        List<String> ids = rows.stream().map(Invoice::id).toList();
        Map<String, List<InvoiceLine>> byInvoice = lines.linesOf(tenantId, ids);
        Map<String, List<LineTaxAmount>> taxes = lines.taxesOf(tenantId, ids);
        return ListPage.of(rows, page, Invoice::id, i -> InvoiceView.of(i, byInvoice.getOrDefault(i.id(), List.of()),
                taxes.getOrDefault(i.id(), List.of())));
    }

    /**
     * What the subscription's next invoice would bill if its period closed as planned with the usage
     * recorded so far: nothing is written. Other subscriptions of the customer are left out.
     */
    @Transactional(readOnly = true)
    public InvoiceView upcoming(String subscriptionIdOrExternalId) {
        MeteredSubscription s = subscriptions.find(subscriptionIdOrExternalId)
                .orElseThrow(() -> ApiException.notFound("subscription", subscriptionIdOrExternalId));
        BillingProfile customer = customers.billingProfile(s.customerId()).orElseThrow();
        var next = ledger.nextPeriod(s.id());
        if (!s.inPaidPeriod() && next.isEmpty()) {
            throw ApiException.conflict("no_upcoming_invoice", null, "Subscription " + s.id() + " is " + s.status()
                    + " and will not be invoiced again");
        }
        RoundingMode rounding = policies.rounding();
        List<DraftLine> draft = new ArrayList<>();
        Instant billingDate = s.inPaidPeriod() ? s.currentPeriodEnd() : next.orElseThrow().period().start();
        for (Period period : ledger.periods(s.id())) {
            if (period.closed() ? !period.arrearsBilled() : s.inPaidPeriod()) {
                draft.addAll(assembler.usageLines(period, rounding));
                draft.addAll(assembler.arrearsFeeLines(period, rounding));
            }
            if (period.advanceFeesBillable() && !period.advanceBilled()) {
                draft.addAll(assembler.advanceFeeLines(period, rounding));
            }
        }
        if (next.isPresent()) {
            var n = next.get();
            Period coming = new Period(null, s.customerId(), s.id(), n.planVersionId(), s.currency(), n.period().start(),
                    n.period().endExclusive(), n.fullPeriod(), n.quantities(), true, false, null, null, null, false, false);
            draft.addAll(assembler.advanceFeeLines(coming, rounding));
            if (n.firstPaidPeriod()) {
                draft.addAll(oneTimeLines(plans.versionById(n.planVersionId()), s.id(), rounding, n.period().start()));
            }
        }
        draft.addAll(assembler.pendingLines(ledger.pendingCharges(s.customerId()).stream()
                .filter(item -> item.subscriptionId() == null || item.subscriptionId().equals(s.id())).toList()));
        // As billing runs do: late usage of a period billed on a draft is that draft's, repriced when it is finalised;
        // so is all late usage of issued periods when a draft of the customer is finalised before this invoice.
        boolean draftTakesLateUsage = invoices.hasBillingDraftFinalizingBefore(TenantContext.require(), s.customerId(), billingDate);
        for (String periodId : draftTakesLateUsage ? List.<String>of() : lateUsage.markedByPeriod(s.customerId()).keySet()) {
            Period period = ledger.period(periodId).orElseThrow();
            if (period.subscriptionId().equals(s.id()) && period.invoiceId() != null && !billedOnDraft(period)) {
                draft.addAll(assembler.adjustmentLines(period, rounding,
                        metric -> lines.billedForPeriod(TenantContext.require(), period.id(),
                                metric, null)));
            }
        }
        return preview(s, customer, billingDate, draft, rounding);
    }

    private boolean billedOnDraft(Period period) {
        return invoices.find(TenantContext.require(), period.invoiceId(), false).map(i -> i.status() == InvoiceStatus.DRAFT).orElse(false);
    }

    private InvoiceView preview(MeteredSubscription s, BillingProfile customer, Instant billingDate, List<DraftLine> draft,
                                RoundingMode rounding) {
        List<InvoiceLine> previewLines = new ArrayList<>();
        for (int i = 0; i < draft.size(); i++) {
            DraftLine l = draft.get(i);
            previewLines.add(new InvoiceLine("preview_" + (i + 1), null, i + 1, l.kind(), l.description(), l.subscriptionId(), l.planId(),
                    l.billingPeriodId(), l.pendingItemId(), l.metricCode(), l.group(), l.quantity(), l.unitPrice(), l.amountExact(),
                    l.amountMinor(), 0, 0, 0, l.breakdown(), l.serviceStart(), l.serviceEnd(), l.taxRateIds()));
        }
        String taxMode = policies.taxMode(s.customerId());
        List<LineTaxAmount> taxes = "rates".equals(taxMode) ? policies.taxes(s.customerId(), previewLines, rounding) : List.of();
        List<InvoiceLine> taxed = previewLines.stream().map(l -> withTax(l, taxes)).toList();
        InvoiceTotals totals = InvoiceTotals.of(taxed.stream().map(l -> new InvoiceTotals.LineAmount(l.amountMinor(), l.taxMinor())).toList());
        Instant start = taxed.stream().map(InvoiceLine::serviceStart).filter(java.util.Objects::nonNull).min(Instant::compareTo).orElse(null);
        Instant end = taxed.stream().map(InvoiceLine::serviceEnd).filter(java.util.Objects::nonNull).max(Instant::compareTo).orElse(null);
        Invoice upcoming = new Invoice(null, TenantContext.require(), s.customerId(), s.id(), Invoice.CYCLE, billingDate,
                InvoiceStatus.DRAFT, null, s.currency(), rounding.name().toLowerCase(java.util.Locale.ROOT), taxMode, start, end,
                totals.subtotalMinor(), totals.taxMinor(), totals.totalMinor(), 0, 0, 0,
                InvoiceTotals.amountDue(totals.totalMinor(), 0, 0, 0), null, Map.of(), null, null, customer.netPaymentTermsDays(),
                null, null, null, null, null, null, null, s.testClockId(), billingDate, billingDate);
        InvoiceView view = InvoiceView.of(upcoming, taxed, taxes);
        return new InvoiceView("upcoming_invoice", null, null, "upcoming", view.customerId(), view.subscriptionId(), view.billingReason(),
                view.billingDate(), view.currency(), view.periodStart(), view.periodEnd(), view.subtotalMinor(), view.taxMinor(),
                view.totalMinor(), 0, 0, 0, view.amountDueMinor(), view.taxMode(), null, Map.of(),
                view.lines().stream().map(l -> new InvoiceView.Line(null, l.kind(), l.description(), l.subscriptionId(),
                        l.billingPeriodId(), l.metricCode(), l.group(), l.quantity(), l.unitPrice(), l.amount(), l.amountMinor(),
                        l.taxMinor(), l.inclusiveTaxMinor(), 0, l.serviceStart(), l.serviceEnd(), l.breakdown(), l.taxes())).toList(),
                view.taxes(), null, null, null, null, null, null, null, s.testClockId(), null);
    }

    private static InvoiceLine withTax(InvoiceLine l, List<LineTaxAmount> taxes) {
        long exclusive = 0;
        long inclusive = 0;
        for (LineTaxAmount t : taxes) {
            if (t.lineId().equals(l.id())) {
                if (t.inclusive()) {
                    inclusive += t.amountMinor();
                } else {
                    exclusive += t.amountMinor();
                }
            }
        }
        return new InvoiceLine(l.id(), l.invoiceId(), l.position(), l.kind(), l.description(), l.subscriptionId(), l.planId(),
                l.billingPeriodId(), l.pendingItemId(), l.metricCode(), l.group(), l.quantity(), l.unitPrice(), l.amountExact(),
                l.amountMinor(), exclusive, inclusive, 0, l.breakdown(), l.serviceStart(), l.serviceEnd(), l.taxRateIds());
    }

    private static List<DraftLine> oneTimeLines(PlanVersion version, String subscriptionId, RoundingMode rounding, Instant start) {
        Currency currency = version.terms().currency();
        List<DraftLine> result = new ArrayList<>();
        for (OneTimeItem item : version.terms().oneTimeItems()) {
            BigDecimal exact = item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()));
            result.add(new DraftLine(LineKind.ONE_TIME, item.name(), subscriptionId, null, null, null, null,
                    BigDecimal.valueOf(item.quantity()), item.unitPrice(), exact,
                    Money.ofMajor(exact, currency, rounding).amountMinor(), List.of(), start, null, null, List.of()));
        }
        return result;
    }
}
