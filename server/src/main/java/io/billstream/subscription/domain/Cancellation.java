package io.billstream.subscription.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/** A request to end a subscription: now, or at the end of the current period (revocable until then). */
public record Cancellation(String id, String tenantId, String subscriptionId, String customerId, Timing timing,
                           boolean prorate, Status status, String reason, Instant effectiveAt, long creditMinor, String currency,
                           Instant requestedAt, Instant revokedAt, Instant createdAt) {

    public enum Timing {
        IMMEDIATELY, PERIOD_END;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public enum Status {
        SCHEDULED, REVOKED, EFFECTIVE;

        public String apiName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Cancellation revoke(Instant now) {
        if (status != Status.SCHEDULED || !now.isBefore(effectiveAt)) {
            throw new StateConflictException("cancellation_not_revocable",
                    "Cancellation " + id + " is " + status.apiName() + " and can no longer be revoked");
        }
        return new Cancellation(id, tenantId, subscriptionId, customerId, timing, prorate, Status.REVOKED, reason, effectiveAt,
                creditMinor, currency, requestedAt, now, createdAt);
    }

    /**
     * A scheduled cancellation overtaken by one with immediate effect (a cancellation for non-payment):
     * it will never take effect, so it ends as revoked.
     */
    public Cancellation supersede(Instant now) {
        if (status != Status.SCHEDULED) {
            throw new StateConflictException("cancellation_not_revocable",
                    "Cancellation " + id + " is " + status.apiName() + " and cannot be overtaken");
        }
        return new Cancellation(id, tenantId, subscriptionId, customerId, timing, prorate, Status.REVOKED, reason, effectiveAt,
                creditMinor, currency, requestedAt, now, createdAt);
    }

    public Cancellation takeEffect() {
        return new Cancellation(id, tenantId, subscriptionId, customerId, timing, prorate, Status.EFFECTIVE, reason, effectiveAt,
                creditMinor, currency, requestedAt, revokedAt, createdAt);
    }
}
