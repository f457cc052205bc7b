package io.billstream.payment.recovery.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

import io.billstream.platform.domain.StateConflictException;

/**
 * The recovery of one invoice whose collection failed: the retries its policy allows, the restriction
 * of its subscriptions' entitlements, and how it ended.
 *
 * <p>Retries are counted against the schedule copied from the tenant's policy when the failure began
 * ({@code retryDays}), so a policy change never moves a recovery already under way. A scheduled retry
 * is <em>used</em> when it starts ({@link #retryStarted}); until its outcome arrives there is no next
 * retry ({@code nextRetryAt} null: in flight), and the failure that reports it schedules the next one
 * (or exhausts the schedule). A failed attempt beside the schedule (a manual retry, an API payment)
 * is recorded without using a retry.
 *
 * <p>Days count on the customer's calendar ({@code zone}), as billing periods and grace periods do.
 *
 * @param retriesUsed  how many of {@code retryDays} have been started (the {@code retries_scheduled} column)
 * @param lastPaymentId the last payment that failed (a retry without a payment method keeps the previous one)
 */
public record PaymentFailure(String id, String tenantId, String customerId, String invoiceId, PaymentFailureStatus status,
                             String reasonCode, String reasonMessage, int attemptCount, int retriesUsed, List<Integer> retryDays,
                             String lastPaymentId, Instant firstFailedAt, Instant lastFailedAt, Instant nextRetryAt, Instant restrictAt,
                             Instant restrictedAt, FinalAction finalAction, List<String> subscriptionIds, Instant recoveredAt,
                             String recoveredByPaymentId, Instant exhaustedAt, String testClockId, Instant createdAt) {

    /** What a failed attempt did to the recovery. */
    public enum Outcome {
        /** An attempt beside the schedule, or after exhaustion: counted, nothing rescheduled. */
        RECORDED,
        /** The attempt was the scheduled retry in flight; the next one is scheduled. */
        RETRY_SCHEDULED,
        /** The attempt was the last scheduled retry. */
        EXHAUSTED
    }

    public record Step(PaymentFailure failure, Outcome outcome) {
    }

    public PaymentFailure {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastPaymentId, "lastPaymentId");
        retryDays = List.copyOf(retryDays);
        subscriptionIds = List.copyOf(subscriptionIds);
        if (retriesUsed < 0 || retriesUsed > retryDays.size()) {
            throw new IllegalArgumentException("retries used must be within the schedule of " + retryDays.size());
        }
    }

    /**
     * The first failed payment of an invoice: past due from now, the first retry {@code retryDays[0]}
     * days later, entitlements restricted {@code restrictAfterDays} days later.
     */
    public static PaymentFailure begin(String id, String tenantId, String customerId, String invoiceId, List<String> subscriptionIds,
                                       String testClockId, String paymentId, String code, String message, DunningPolicy policy,
                                       ZoneId zone, Instant at) {
        Instant restrictAt = policy.restrictAfterDays() == null ? null : daysAfter(at, policy.restrictAfterDays(), zone);
        return new PaymentFailure(id, tenantId, customerId, invoiceId, PaymentFailureStatus.OPEN, reason(code), message, 1, 0,
                policy.retryDays(), paymentId, at, at, daysAfter(at, policy.retryDays().getFirst(), zone), restrictAt, null,
                policy.finalAction(), subscriptionIds, null, null, null, testClockId, at);
    }

    public boolean open() {
        return status == PaymentFailureStatus.OPEN;
    }

    public int retriesTotal() {
        return retryDays.size();
    }

    /** A scheduled retry has started and its outcome is not known yet. */
    public boolean retryInFlight() {
        return open() && nextRetryAt == null;
    }

    /** The earliest thing the scheduler has to do: the next retry, or the restriction if not yet done; null when nothing. */
    public Instant nextActionAt() {
        if (!open()) {
            return null;
        }
        Instant restriction = restrictedAt == null ? restrictAt : null;
        if (nextRetryAt == null) {
            return restriction;
        }
        return restriction == null || nextRetryAt.isBefore(restriction) ? nextRetryAt : restriction;
    }

    public boolean retryDue(Instant at) {
        return open() && nextRetryAt != null && !nextRetryAt.isAfter(at);
    }

    public boolean restrictionDue(Instant at) {
        return open() && restrictAt != null && restrictedAt == null && !restrictAt.isAfter(at);
    }

    /** The retry now scheduled is the schedule's last: the customer gets a final notice. */
    public boolean lastRetryNext() {
        return open() && nextRetryAt != null && retriesUsed == retryDays.size() - 1;
    }

    /** Takes the next scheduled retry: it is used, and nothing is scheduled until its outcome arrives. */
    public PaymentFailure retryStarted() {
        if (!open() || nextRetryAt == null) {
            throw new IllegalStateException("payment failure " + id + " has no retry waiting");
        }
        return with(status, reasonCode, reasonMessage, attemptCount, retriesUsed + 1, lastPaymentId, lastFailedAt, null, restrictedAt,
                recoveredAt, recoveredByPaymentId, exhaustedAt);
    }

    /**
     * A failed attempt to pay the invoice. The scheduled retry in flight schedules the next one, counted
     * from the first failure, or exhausts the schedule; any other attempt is only counted.
     *
     * @param paymentId null for a retry that found no payment method to charge (the last payment stays)
     */
    public Step failed(String paymentId, String code, String message, Instant at, ZoneId zone) {
        if (status == PaymentFailureStatus.RECOVERED) {
            throw new IllegalStateException("payment failure " + id + " is recovered");
        }
        String payment = paymentId == null ? lastPaymentId : paymentId;
        if (status == PaymentFailureStatus.EXHAUSTED || nextRetryAt != null) {
            return new Step(with(status, reason(code), message, attemptCount + 1, retriesUsed, payment, at, nextRetryAt, restrictedAt,
                    recoveredAt, recoveredByPaymentId, exhaustedAt), Outcome.RECORDED);
        }
        if (retriesUsed < retryDays.size()) {
            Instant next = daysAfter(firstFailedAt, retryDays.get(retriesUsed), zone);
            return new Step(with(status, reason(code), message, attemptCount + 1, retriesUsed, payment, at, next, restrictedAt,
                    recoveredAt, recoveredByPaymentId, exhaustedAt), Outcome.RETRY_SCHEDULED);
        }
        return new Step(with(PaymentFailureStatus.EXHAUSTED, reason(code), message, attemptCount + 1, retriesUsed, payment, at, null,
                restrictedAt, recoveredAt, recoveredByPaymentId, at), Outcome.EXHAUSTED);
    }

    /** The subscriptions' entitlements were restricted at {@code restrictAt}. */
    public PaymentFailure restricted() {
        if (!open() || restrictAt == null || restrictedAt != null) {
            throw new IllegalStateException("payment failure " + id + " has no restriction due");
        }
        return with(status, reasonCode, reasonMessage, attemptCount, retriesUsed, lastPaymentId, lastFailedAt, nextRetryAt, restrictAt,
                recoveredAt, recoveredByPaymentId, exhaustedAt);
    }

    /**
     * The invoice was paid (by {@code paymentId}, or some other way: null) or voided; an exhausted failure
     * recovers too, when its invoice is paid after all.
     */
    public PaymentFailure recovered(String paymentId, Instant at) {
        if (status == PaymentFailureStatus.RECOVERED) {
            throw new StateConflictException("payment_failure_not_open", "Payment failure " + id + " is already recovered");
        }
        return with(PaymentFailureStatus.RECOVERED, reasonCode, reasonMessage, attemptCount, retriesUsed, lastPaymentId, lastFailedAt,
                null, restrictedAt, at, paymentId, exhaustedAt);
    }

    /**
     * A new default payment method: the next scheduled retry comes forward to {@code at}. Unchanged when
     * no retry is waiting (one in flight reports soon) or the next is already due.
     */
    public PaymentFailure retryBroughtForward(Instant at) {
        if (!open() || nextRetryAt == null || !nextRetryAt.isAfter(at)) {
            return this;
        }
        return with(status, reasonCode, reasonMessage, attemptCount, retriesUsed, lastPaymentId, lastFailedAt, at, restrictedAt,
                recoveredAt, recoveredByPaymentId, exhaustedAt);
    }

    /** {@code days} calendar days after {@code from} on the customer's clock (a DST change moves the instant, not the time of day). */
    static Instant daysAfter(Instant from, int days, ZoneId zone) {
        return from.atZone(zone).plusDays(days).toInstant();
    }

    private static String reason(String code) {
        return code == null || code.isBlank() ? "payment_failed" : code;
    }

    private PaymentFailure with(PaymentFailureStatus s, String code, String message, int attempts, int used, String payment,
                                Instant lastFailed, Instant nextRetry, Instant restricted, Instant recovered, String recoveredBy,
                                Instant exhausted) {
        return new PaymentFailure(id, tenantId, customerId, invoiceId, s, code, message, attempts, used, retryDays, payment, firstFailedAt,
                lastFailed, nextRetry, restrictAt, restricted, finalAction, subscriptionIds, recovered, recoveredBy, exhausted, testClockId,
                createdAt);
    }
}
