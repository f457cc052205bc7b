package io.billstream.invoicing.application;

import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.billstream.customer.BillingProfile;
import io.billstream.customer.CustomerDirectory;
import io.billstream.invoicing.db.CustomerLocks;
import io.billstream.invoicing.db.InvoiceLines;
import io.billstream.invoicing.db.Invoices;
import io.billstream.invoicing.domain.DraftLine;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.invoicing.domain.InvoiceStatus;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.SubscriptionLedger;
import io.billstream.subscription.SubscriptionLedger.PendingCharge;
import io.billstream.subscription.SubscriptionLedger.Period;
import io.billstream.usage.LateUsage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * One customer's billing at one billing date, in one transaction under the customer's row lock:
 * everything due by then (usage and fees in arrears of closed periods, fees in advance of started
 * ones, pending items, corrections for late usage) on one invoice. The billed marks on periods and
 * items, written in the same transaction under the lock, make a rerun, a retry after a crash or a
 * second instance find nothing left to bill; the unique (customer, billing date) index on run
 * invoices is the last line of defence.
 */
@Component
class BillingRun {

    private final CustomerLocks locks;
    private final CustomerDirectory customers;
    private final SubscriptionLedger ledger;
    private final LateUsage lateUsage;
    private final InvoiceAssembler assembler;
    private final InvoiceDrafts drafts;
    private final InvoiceFinalization finalization;
    private final InvoicePolicies policies;
    private final Invoices invoices;
    private final InvoiceLines lines;

    BillingRun(CustomerLocks locks, CustomerDirectory customers, SubscriptionLedger ledger, LateUsage lateUsage,
               InvoiceAssembler assembler, InvoiceDrafts drafts, InvoiceFinalization finalization, InvoicePolicies policies,
               Invoices invoices, InvoiceLines lines) {
        this.locks = locks;
        this.customers = customers;
        this.ledger = ledger;
        this.lateUsage = lateUsage;
        this.assembler = assembler;
        this.drafts = drafts;
        this.finalization = finalization;
        this.policies = policies;
        this.invoices = invoices;
        this.lines = lines;
    }

    /**
     * Bills what is due for the customer by {@code billingDate}.
     *
     * @param now when the run happens (the test clock's time for its customers)
     * @return the invoice made, or empty when there was nothing (left) to bill
     */
    @Transactional
    public Optional<Invoice> run(String customerId, Instant billingDate, Instant now) {
        String tenantId = TenantContext.require();
        if (!locks.lock(tenantId, customerId)) {
            return Optional.empty();
        }
        BillingProfile customer = customers.billingProfile(customerId).orElseThrow();
        RoundingMode rounding = policies.rounding();
        List<Period> arrears = ledger.arrearsDue(customerId, billingDate);
        List<Period> advance = ledger.advanceDue(customerId, billingDate);
        List<PendingCharge> items = ledger.pendingCharges(customerId).stream()
                .filter(item -> item.serviceStart() == null || !item.serviceStart().isAfter(billingDate)).toList();

        List<DraftLine> draftLines = new ArrayList<>();
        for (Period period : arrears) {
            draftLines.addAll(assembler.usageLines(period, rounding));
            draftLines.addAll(assembler.arrearsFeeLines(period, rounding));
        }
        for (Period period : advance) {
            draftLines.addAll(assembler.advanceFeeLines(period, rounding));
        }
        draftLines.addAll(assembler.pendingLines(items));
        List<String> seenLate = new ArrayList<>();
        draftLines.addAll(lateAdjustments(tenantId, customerId, rounding, null, seenLate, false, new ArrayList<>()));

        String invoiceId = Ids.next("in");
        List<String> arrearsIds = arrears.stream().map(Period::id).toList();
        List<String> advanceIds = advance.stream().map(Period::id).toList();
        if (draftLines.isEmpty()) {
            // Nothing to bill (a free plan, an in-arrears plan opening): the periods are done with all the same.
            ledger.markArrearsBilled(arrearsIds, null, now);
            ledger.markAdvanceBilled(advanceIds, null, now);
            return Optional.empty();
        }
        String currency = java.util.stream.Stream.concat(arrears.stream(), advance.stream()).map(Period::currency).findFirst()
                .orElse(items.isEmpty() ? customer.currency() : items.getFirst().currency());
        // Something newly due at a date already invoiced (an immediate change at that very instant) gets an invoice of its own.
        String reason = invoices.findCycle(tenantId, customerId, billingDate).isPresent() ? Invoice.SUBSCRIPTION_UPDATE : Invoice.CYCLE;
        Invoice draft = newDraft(invoiceId, tenantId, customer, currency, reason, billingDate, single(draftLines), now);
        Invoice created = drafts.create(draft, draftLines, now);
        ledger.markArrearsBilled(arrearsIds, invoiceId, now);
        ledger.markAdvanceBilled(advanceIds, invoiceId, now);
        ledger.markInvoiced(items.stream().map(PendingCharge::id).toList(), invoiceId);
        lateUsage.clear(seenLate);
        if (customer.invoiceGracePeriodDays() == 0) {
            return Optional.of(finalization.finalizeLocked(created, now, true));
        }
        return Optional.of(created);
    }

    /**
     * Late usage of a customer outside a billing date: refreshes drafts that bill the periods, and bills
     * corrections for subscriptions that have ended (they have no next invoice to ride on). Corrections
     * for running subscriptions wait for their next billing date.
     */
    @Transactional
    public Optional<Invoice> correctLateUsage(String customerId, Instant now) {
        String tenantId = TenantContext.require();
        if (!locks.lock(tenantId, customerId)) {
            return Optional.empty();
        }
        Set<String> refreshed = new HashSet<>();
        for (String periodId : lateUsage.markedByPeriod(customerId).keySet()) {
            Period period = ledger.period(periodId).orElseThrow();
            if (period.invoiceId() != null && refreshed.add(period.invoiceId())) {
                invoices.find(tenantId, period.invoiceId(), true).filter(i -> i.status() == InvoiceStatus.DRAFT)
                        .ifPresent(draft -> drafts.refresh(draft, now));
            }
        }
        BillingProfile customer = customers.billingProfile(customerId).orElseThrow();
        List<String> seenLate = new ArrayList<>();
        List<String> currencies = new ArrayList<>();
        List<DraftLine> corrections = lateAdjustments(tenantId, customerId, policies.rounding(), null, seenLate, true, currencies);
        if (corrections.isEmpty()) {
            lateUsage.clear(seenLate);
            return Optional.empty();
        }
        Invoice draft = newDraft(Ids.next("in"), tenantId, customer, currencies.getFirst(), Invoice.USAGE_ADJUSTMENT, now,
                single(corrections), now);
        Invoice created = drafts.create(draft, corrections, now);
        lateUsage.clear(seenLate);
        if (customer.invoiceGracePeriodDays() == 0) {
            return Optional.of(finalization.finalizeLocked(created, now, true));
        }
        return Optional.of(created);
    }

    /**
     * Adjustment lines for marked periods whose invoice is issued; adds the events it accounted for to
     * {@code seen}. Periods whose invoice is still a draft are left to that draft's refresh.
     *
     * @param endedOnly only subscriptions with no open period (nothing further will be invoiced)
     */
    private List<DraftLine> lateAdjustments(String tenantId, String customerId, RoundingMode rounding, String exceptInvoice,
                                            List<String> seen, boolean endedOnly, List<String> currencies) {
        List<DraftLine> adjustments = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : lateUsage.markedByPeriod(customerId).entrySet()) {
            Period period = ledger.period(entry.getKey()).orElseThrow();
            if (period.invoiceId() == null || drafts.isDraft(tenantId, period.invoiceId())) {
                continue;
            }
            if (endedOnly && ledger.periods(period.subscriptionId()).stream().anyMatch(p -> !p.closed())) {
                continue;
            }
            currencies.add(period.currency());
            adjustments.addAll(assembler.adjustmentLines(period, rounding,
                    metric -> lines.billedForPeriod(tenantId, period.id(), metric, exceptInvoice)));
            seen.addAll(entry.getValue());
        }
        return adjustments;
    }

    Invoice newDraft(String id, String tenantId, BillingProfile customer, String currency, String reason, Instant billingDate,
                     String subscriptionId, Instant now) {
        ZoneId zone = ZoneId.of(customer.timezone());
        Instant finalizeAt = billingDate.atZone(zone).plusDays(customer.invoiceGracePeriodDays()).toInstant();
        return new Invoice(id, tenantId, customer.id(), subscriptionId, reason, billingDate, InvoiceStatus.DRAFT, null,
                currency, policies.rounding().name().toLowerCase(java.util.Locale.ROOT), policies.taxMode(customer.id()), null,
                null, 0, 0, 0, 0, 0, 0, 0, null, Map.of(), null, null, customer.netPaymentTermsDays(), finalizeAt, null, null, null, null,
                null, null, customer.testClockId(), now, now);
    }

    /** The subscription an invoice bills, when its lines bill exactly one. */
    private static String single(List<DraftLine> lines) {
        Set<String> subscriptions = new HashSet<>();
        lines.forEach(l -> subscriptions.add(l.subscriptionId()));
        return subscriptions.size() == 1 ? subscriptions.iterator().next() : null;
    }
}
