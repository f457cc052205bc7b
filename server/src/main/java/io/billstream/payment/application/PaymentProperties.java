package io.billstream.payment.application;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param submissionLease  how long one submitter holds a pending payment before another may send it
 *                         again (the provider dedupes on the payment ID either way; default 2 minutes)
 * @param submissionRetry  the wait after the provider could not be reached (default 1 minute)
 * @param reconcileAfter   how long a payment may stay {@code processing} before the reconciler asks the
 *                         provider; later questions back off, doubling up to a day (default 1 hour)
 */
@ConfigurationProperties("billstream.payments")
public record PaymentProperties(Duration submissionLease, Duration submissionRetry, Duration reconcileAfter) {

    public PaymentProperties {
        submissionLease = submissionLease == null ? Duration.ofMinutes(2) : submissionLease;
        submissionRetry = submissionRetry == null ? Duration.ofMinutes(1) : submissionRetry;
        reconcileAfter = reconcileAfter == null ? Duration.ofHours(1) : reconcileAfter;
    }
}
