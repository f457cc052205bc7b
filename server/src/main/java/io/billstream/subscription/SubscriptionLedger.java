package io.billstream.subscription;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.application.SubscriptionLifecycle;
import io.billstream.subscription.db.BillingLedger;
import io.billstream.subscription.db.BillingLedger.LedgerRow;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What invoicing bills, as the subscription module records it: billing periods (their fees in
 * advance when they open, their usage and fees in arrears when they close) and pending items
 * (prorations, one-time charges). Invoicing marks what it billed in its own transaction, so a period
 * or item is billed at most once.
 */
@Service
public class SubscriptionLedger {

    /**
     * A stretch of a subscription on one plan version.
     *
     * @param periodEnd the planned end; {@link #end()} is the actual one
     * @param invoiceId the invoice that billed its usage and fees in arrears, once billed
     */
    public record Period(String id, String customerId, String subscriptionId, String planVersionId, String currency,
                         Instant periodStart, Instant periodEnd, BillingPeriod fullPeriod, Map<String, Long> quantities,
                         boolean advanceFeesBillable, boolean closed, Instant endedAt, String closedReason, String invoiceId,
                         boolean advanceBilled, boolean arrearsBilled) {

        public Instant end() {
            return endedAt != null ? endedAt : periodEnd;
        }
    }

    /** A proration or one-time charge waiting for an invoice; negative amounts are credits. */
    public record PendingCharge(String id, String subscriptionId, String kind, String description, BigDecimal quantity,
                                BigDecimal unitPrice, long amountMinor, String currency, Instant serviceStart, Instant serviceEnd) {
    }

    /** A customer with something to bill at {@code billingDate} (the earliest such date). */
    public record DueRun(String tenantId, String customerId, Instant billingDate) {
    }

    /** The period a renewal will open next, for previews. */
    public record NextPeriod(String planVersionId, BillingPeriod period, BillingPeriod fullPeriod, Map<String, Long> quantities,
                             boolean firstPaidPeriod) {
    }

    private final BillingLedger ledger;
    private final SubscriptionLifecycle lifecycle;

    SubscriptionLedger(BillingLedger ledger, SubscriptionLifecycle lifecycle) {
        this.ledger = ledger;
        this.lifecycle = lifecycle;
    }

    @Transactional(readOnly = true)
    public List<DueRun> dueRuns(Instant now, int limit) {
        return ledger.dueRuns(now, limit).stream().map(d -> new DueRun(d.tenantId(), d.customerId(), d.billingDate())).toList();
    }

    /** Up to {@code limit} of one test clock's customers with a billing run due by {@code until}, earliest first. */
    @Transactional(readOnly = true)
    public List<DueRun> dueOnClock(String testClockId, Instant until, int limit) {
        return ledger.dueOnClock(TenantContext.require(), testClockId, until, limit).stream()
                .map(d -> new DueRun(d.tenantId(), d.customerId(), d.billingDate())).toList();
    }

    /** Closed periods whose usage and fees in arrears are unbilled, ended by {@code until}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Period> arrearsDue(String customerId, Instant until) {
        return ledger.arrearsDue(TenantContext.require(), customerId, until).stream().map(SubscriptionLedger::period).toList();
    }

    /** Periods whose fees in advance are unbilled, started by {@code until}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<Period> advanceDue(String customerId, Instant until) {
        return ledger.advanceDue(TenantContext.require(), customerId, until).stream().map(SubscriptionLedger::period).toList();
    }

    @Transactional(readOnly = true)
    public List<Period> periods(String subscriptionId) {
        return ledger.ledgerRows(TenantContext.require(), subscriptionId).stream().map(SubscriptionLedger::period).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Period> period(String periodId) {
        return ledger.ledgerRow(TenantContext.require(), periodId).map(SubscriptionLedger::period);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<PendingCharge> pendingCharges(String customerId) {
        return ledger.uninvoicedItems(TenantContext.require(), customerId).stream()
                .map(i -> new PendingCharge(i.id(), i.subscriptionId(), i.kind(), i.description(), i.quantity(), i.unitPrice(),
                        i.amountMinor(), i.currency(), i.serviceStart(), i.serviceEnd()))
                .toList();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void markArrearsBilled(List<String> periodIds, String invoiceId, Instant now) {
        if (!periodIds.isEmpty()) {
            ledger.markArrearsBilled(TenantContext.require(), periodIds, invoiceId, now);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void markAdvanceBilled(List<String> periodIds, String invoiceId, Instant now) {
        if (!periodIds.isEmpty()) {
            ledger.markAdvanceBilled(TenantContext.require(), periodIds, invoiceId, now);
        }
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void markInvoiced(List<String> itemIds, String invoiceId) {
        if (!itemIds.isEmpty()) {
            ledger.markItemsInvoiced(TenantContext.require(), itemIds, invoiceId);
        }
    }

    /** The paid period the subscription moves to next, if it will: a renewal, or the first paid period after a trial. */
    @Transactional(readOnly = true)
    public Optional<NextPeriod> nextPeriod(String subscriptionId) {
        return lifecycle.nextPeriod(subscriptionId);
    }

    private static Period period(LedgerRow r) {
        return new Period(r.id(), r.customerId(), r.subscriptionId(), r.planVersionId(), r.currency(), r.periodStart(), r.periodEnd(),
                new BillingPeriod(r.fullPeriodStart(), r.fullPeriodEnd()), r.quantities(), r.advanceFeesBillable(),
                "closed".equals(r.status()), r.endedAt(), r.closedReason(), r.invoiceId(), r.advanceBilledAt() != null,
                r.arrearsBilledAt() != null);
    }
}
