package io.billstream.subscription.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/**
 * A subscription's free trial. At its end it converts to paid periods, or, when it was started
 * without a payment method and the customer still has none, it expires.
 */
public record Trial(String id, String tenantId, String subscriptionId, String customerId, Status status, Instant startsAt,
                    Instant endsAt, MissingPaymentMethod onMissingPaymentMethod, Instant endedAt, Instant createdAt) {

    public enum Status {
        ACTIVE, CONVERTED, EXPIRED, CANCELED;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happens at the trial's end when the customer has no default payment method. */
    public enum MissingPaymentMethod {
        EXPIRE, CONVERT;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Trial end(Status outcome, Instant at) {
        if (status != Status.ACTIVE) {
            throw new StateConflictException("trial_" + status.apiName(), "Trial " + id + " already ended as " + status.apiName());
        }
        return new Trial(id, tenantId, subscriptionId, customerId, outcome, startsAt, endsAt, onMissingPaymentMethod, at, createdAt);
    }
}
