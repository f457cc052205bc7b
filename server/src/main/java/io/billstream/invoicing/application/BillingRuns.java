package io.billstream.invoicing.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.billstream.invoicing.db.Invoices;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.SubscriptionLedger;
import io.billstream.usage.LateUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Invoicing's part of each scheduler tick, after subscriptions have closed and opened their periods:
 * billing runs for customers with something due, drafts whose grace period is over, and late usage.
 * Each customer is billed in its own transaction; one that fails is logged and retried next tick
 * without holding up the rest.
 */
@Component
@Order(20)
class BillingRuns implements TimeDrivenWork, TestClockData {

    private static final Logger log = LoggerFactory.getLogger(BillingRuns.class);
    private static final int BATCH = 200;

    private final SubscriptionLedger ledger;
    private final BillingRun run;
    private final InvoiceOperations operations;
    private final Invoices invoices;
    private final LateUsage lateUsage;

    BillingRuns(SubscriptionLedger ledger, BillingRun run, InvoiceOperations operations, Invoices invoices, LateUsage lateUsage) {
        this.ledger = ledger;
        this.run = run;
        this.operations = operations;
        this.invoices = invoices;
        this.lateUsage = lateUsage;
    }

    @Override
    public void runDue(Instant now) {
        Set<String> failed = new HashSet<>();
        while (true) {
            List<SubscriptionLedger.DueRun> due = ledger.dueRuns(now, BATCH);
            boolean progressed = false;
            for (SubscriptionLedger.DueRun d : due) {
                if (!failed.contains(d.customerId())) {
                    progressed |= attempt(d.tenantId(), d.customerId(), failed, () -> run.run(d.customerId(), d.billingDate(), now));
                }
            }
            if (!progressed || due.size() < BATCH) {
                break;
            }
        }
        for (Invoices.Due draft : invoices.draftsDue(now, BATCH)) {
            attempt(draft.tenantId(), draft.id(), failed, () -> operations.finalizeDue(draft.id(), now));
        }
        for (LateUsage.Subject subject : lateUsage.subjects(BATCH)) {
            attempt(subject.tenantId(), subject.customerId(), failed, () -> run.correctLateUsage(subject.customerId(), now));
        }
    }

    @Override
    public void runForTestClock(String testClockId, Instant until) {
        String tenantId = TenantContext.require();
        Set<SubscriptionLedger.DueRun> done = new HashSet<>();
        while (true) {
            // A batch of customers at their earliest due date, earliest first; a customer's later dates come in a later batch.
            List<SubscriptionLedger.DueRun> batch = ledger.dueOnClock(testClockId, until, BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (SubscriptionLedger.DueRun d : batch) {
                if (!done.add(d)) {
                    throw new IllegalStateException("billing run for customer " + d.customerId() + " at " + d.billingDate() + " left work due");
                }
                // In time order, as real time would pass them: drafts whose grace period ended before this run are
                // finalised first (they take the late usage of issued periods; the run would otherwise bill it).
                finalizeDraftsDue(tenantId, testClockId, d.billingDate().minus(1, ChronoUnit.MICROS));
                run.run(d.customerId(), d.billingDate(), d.billingDate());
            }
        }
        finalizeDraftsDue(tenantId, testClockId, until);
        for (String customerId : lateUsage.subjectsOnClock(testClockId)) {
            run.correctLateUsage(customerId, until);
        }
    }

    private void finalizeDraftsDue(String tenantId, String testClockId, Instant until) {
        for (String draftId : invoices.draftsDueOnClock(tenantId, testClockId, until)) {
            Instant finalizeAt = invoices.find(tenantId, draftId, false).orElseThrow().finalizeAt();
            operations.finalizeDue(draftId, finalizeAt);
        }
    }

    private boolean attempt(String tenantId, String subject, Set<String> failed, Runnable work) {
        try {
            TenantContext.runAs(tenantId, work);
            return true;
        } catch (RuntimeException e) {
            log.error("Billing work for {} failed; will retry on the next tick", subject, e);
            failed.add(subject);
            return false;
        }
    }

    @Override
    public void deleteFor(String testClockId) {
        invoices.deleteForTestClock(TenantContext.require(), testClockId);
    }
}
