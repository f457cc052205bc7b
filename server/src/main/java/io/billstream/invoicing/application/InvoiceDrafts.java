package io.billstream.invoicing.application;

import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.InvoiceTotals;
import io.billstream.invoicing.domain.LineKind;
import io.billstream.subscription.SubscriptionLedger;
import io.billstream.subscription.SubscriptionLedger.Period;
import io.billstream.usage.LateUsage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes draft invoices: creates them with their lines, refreshes their usage while they wait out the
 * grace period, and keeps their tax and totals in step with their lines.
 */
@Component
class InvoiceDrafts {

    static final String CREATED = "invoice.created";

    private final Invoices invoices;
    private final InvoiceLines lines;
    private final InvoiceAssembler assembler;
    private final InvoicePolicies policies;
    private final SubscriptionLedger ledger;
    private final LateUsage lateUsage;
    private final BillingEventLog events;
    private final InvoiceViews views;

    InvoiceDrafts(Invoices invoices, InvoiceLines lines, InvoiceAssembler assembler, InvoicePolicies policies,
                  SubscriptionLedger ledger, LateUsage lateUsage, BillingEventLog events, InvoiceViews views) {
        this.invoices = invoices;
        this.lines = lines;
        this.assembler = assembler;
        this.policies = policies;
        this.ledger = ledger;
        this.lateUsage = lateUsage;
        this.events = events;
        this.views = views;
    }

    /** Stores a new draft with its lines, taxed and totalled, and writes {@code invoice.created}. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice create(Invoice draft, List<DraftLine> draftLines, Instant now) {
        invoices.insert(draft);
        lines.append(draft.tenantId(), draft.id(), draftLines, now);
        Invoice totalled = retotal(draft, now);
        events.append(CREATED, subjects(totalled), view(totalled), null);
        return totalled;
    }

    /**
     * Reprices a draft's usage from the events as they are now: the usage of each period it bills, and
     * its late-usage adjustments (plus adjustments for periods that got late usage since). Clears the
     * late marks of the events it saw. Other lines keep their IDs and their order.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice refresh(Invoice draft, Instant now) {
        RoundingMode rounding = RoundingMode.valueOf(draft.roundingMode().toUpperCase(java.util.Locale.ROOT));
        Map<String, List<String>> marked = lateUsage.markedByPeriod(draft.customerId());
        List<InvoiceLine> current = lines.lines(draft.tenantId(), draft.id());
        List<Object> ordered = new ArrayList<>();   // kept InvoiceLines and new DraftLines, in invoice order
        List<String> replaced = new ArrayList<>();
        Set<String> repriced = new HashSet<>();
        List<String> seen = new ArrayList<>();
        for (InvoiceLine line : current) {
            if (!line.kind().fromUsage()) {
                ordered.add(line);
                continue;
            }
            replaced.add(line.id());
            if (!repriced.add(line.billingPeriodId() + "|" + (line.kind() == LineKind.USAGE_ADJUSTMENT))) {
                continue;
            }
            Period period = ledger.period(line.billingPeriodId()).orElseThrow();
            ordered.addAll(line.kind() == LineKind.USAGE_ADJUSTMENT
                    ? assembler.adjustmentLines(period, rounding, metric -> lines.billedForPeriod(draft.tenantId(), period.id(), metric, draft.id()))
                    : assembler.usageLines(period, rounding));
            seen.addAll(marked.getOrDefault(period.id(), List.of()));
        }
        // Late usage of periods issued on other invoices since this draft was made rides on it too.
        for (Map.Entry<String, List<String>> entry : marked.entrySet()) {
            if (repriced.contains(entry.getKey() + "|false") || repriced.contains(entry.getKey() + "|true")) {
                continue;
            }
            Period period = ledger.period(entry.getKey()).orElseThrow();
            if (period.invoiceId() == null || isDraft(draft.tenantId(), period.invoiceId())) {
                continue; // its own draft refreshes it
            }
            ordered.addAll(assembler.adjustmentLines(period, rounding,
                    metric -> lines.billedForPeriod(draft.tenantId(), period.id(), metric, draft.id())));
            seen.addAll(entry.getValue());
        }
        lines.delete(draft.tenantId(), draft.id(), replaced);
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i) instanceof InvoiceLine kept) {
                lines.reposition(draft.tenantId(), kept.id(), i + 1);
            } else {
                lines.insertAt(draft.tenantId(), draft.id(), (DraftLine) ordered.get(i), i + 1, now);
            }
        }
        lateUsage.clear(seen);
        return retotal(draft, now);
    }

    boolean isDraft(String tenantId, String invoiceId) {
        return invoices.find(tenantId, invoiceId, false).map(i -> i.status() == io.billstream.invoicing.domain.InvoiceStatus.DRAFT)
                .orElse(false);
    }

    /** Recomputes tax (rates mode) and totals from the stored lines. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice retotal(Invoice draft, Instant now) {
        List<InvoiceLine> stored = lines.lines(draft.tenantId(), draft.id());
        if ("rates".equals(draft.taxMode())) {
            RoundingMode rounding = RoundingMode.valueOf(draft.roundingMode().toUpperCase(java.util.Locale.ROOT));
            lines.replaceTaxes(draft.tenantId(), draft.id(), policies.taxes(draft.customerId(), stored, rounding), now);
            stored = lines.lines(draft.tenantId(), draft.id());
        }
        return withTotals(draft, stored, now);
    }

    /** Writes totals that are the sums of the stored lines and their tax. */
    @Transactional(propagation = Propagation.MANDATORY)
    Invoice withTotals(Invoice draft, List<InvoiceLine> stored, Instant now) {
        InvoiceTotals totals = InvoiceTotals.of(stored.stream()
                .map(l -> new InvoiceTotals.LineAmount(l.amountMinor(), l.taxMinor())).toList());
        Instant start = stored.stream().map(InvoiceLine::serviceStart).filter(java.util.Objects::nonNull).min(Instant::compareTo)
                .orElse(draft.periodStart());
        Instant end = stored.stream().map(InvoiceLine::serviceEnd).filter(java.util.Objects::nonNull).max(Instant::compareTo)
                .orElse(draft.periodEnd());
        Invoice updated = draft.withAmounts(totals.subtotalMinor(), totals.taxMinor(), totals.totalMinor(),
                InvoiceTotals.amountDue(totals.totalMinor(), 0, 0, 0), start, end, now);
        invoices.updateDraft(updated);
        return updated;
    }

    InvoiceView view(Invoice invoice) {
        return views.of(invoice);
    }

    static EventSubjects subjects(Invoice invoice) {
        return new EventSubjects(invoice.customerId(), invoice.subscriptionId(), invoice.id(), null);
    }

}
