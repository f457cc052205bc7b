package io.billstream.payment.recovery.application;

import java.time.Instant;
import java.util.List;

import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailure;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A payment failure as the API shows it.
 *
 * @param retriesUsed    how many of the schedule's retries have been made (a manual retry uses none)
 * @param retriesTotal   how many the schedule holds ({@code retry_days}, copied from the policy when the failure began)
 * @param nextRetryAt    null when none is waiting: a retry in flight, or the failure is over
 * @param paymentIds     every payment attempt of the recovery, the one that failed first included, oldest first
 * @param latestPayment  the newest of them, with its outcome
 * @param recoveredByPaymentId null for a failure whose invoice was paid some other way (a credit note) or voided
 */
@JacksonXmlRootElement(localName = "payment_failure")
public record PaymentFailureView(String object, String id, String customerId, String invoiceId, String status, Reason reason,
                                 int attemptCount, int retriesUsed, int retriesTotal,
                                 @JacksonXmlElementWrapper(localName = "retry_days") @JacksonXmlProperty(localName = "day")
                                 List<Integer> retryDays,
                                 Instant nextRetryAt, Instant restrictAt, Instant restrictedAt, String finalAction,
                                 @JacksonXmlElementWrapper(localName = "subscription_ids") @JacksonXmlProperty(localName = "subscription_id")
                                 List<String> subscriptionIds,
                                 @JacksonXmlElementWrapper(localName = "payment_ids") @JacksonXmlProperty(localName = "payment_id")
                                 List<String> paymentIds,
                                 LatestPayment latestPayment, String lastPaymentId, Instant firstFailedAt, Instant lastFailedAt,
                                 Instant recoveredAt, String recoveredByPaymentId, Instant exhaustedAt, Instant nextActionAt,
                                 String testClockId, Instant createdAt) {

    /** Why the last attempt failed: the provider's code ({@code insufficient_funds}) and message. */
    public record Reason(String code, String message) {
    }

    public record LatestPayment(String id, String status, String origin, String failureCode, String failureMessage, Instant createdAt) {
    }

    static PaymentFailureView of(PaymentFailure f, List<PaymentFailures.Attempt> attempts) {
        List<PaymentFailures.Attempt> own = attempts.stream().filter(a -> a.failureId().equals(f.id())).toList();
        PaymentFailures.Attempt latest = own.isEmpty() ? null : own.getLast();
        return new PaymentFailureView("payment_failure", f.id(), f.customerId(), f.invoiceId(), f.status().apiName(),
                new Reason(f.reasonCode(), f.reasonMessage()), f.attemptCount(), f.retriesUsed(), f.retriesTotal(), f.retryDays(),
                f.nextRetryAt(), f.restrictAt(), f.restrictedAt(), f.finalAction().apiName(), f.subscriptionIds(),
                own.stream().map(PaymentFailures.Attempt::paymentId).toList(),
                latest == null ? null : new LatestPayment(latest.paymentId(), latest.status(), latest.origin(), latest.failureCode(),
                        latest.failureMessage(), latest.createdAt()),
                f.lastPaymentId(), f.firstFailedAt(), f.lastFailedAt(), f.recoveredAt(), f.recoveredByPaymentId(), f.exhaustedAt(),
                f.nextActionAt(), f.testClockId(), f.createdAt());
    }
}
