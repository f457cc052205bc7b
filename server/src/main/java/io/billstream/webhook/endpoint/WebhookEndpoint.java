package io.billstream.webhook.endpoint;

import java.time.Instant;

/**
 * A registered receiver of billing events, as stored. Secrets are held sealed; the plaintext exists
 * only while being shown to the tenant or used to sign.
 *
 * @param dispatchedThroughSequence events of the tenant up to this sequence were fanned out to it
 * @param disabledReason            null while enabled; manual, gone (HTTP 410) or failing
 */
record WebhookEndpoint(String id, String tenantId, EndpointSettings settings, String secretSealed,
                       String previousSecretSealed, Instant previousSecretExpiresAt, long dispatchedThroughSequence,
                       String disabledReason, Instant disabledAt, Instant failingSince, Instant createdAt, Instant updatedAt) {

    static WebhookEndpoint register(String id, String tenantId, EndpointSettings settings, String secretSealed,
                                    long lastSequence, Instant now) {
        return new WebhookEndpoint(id, tenantId, settings, secretSealed, null, null, lastSequence,
                settings.enabled() ? null : "manual", settings.enabled() ? null : now, null, now, now);
    }

    /**
     * The endpoint with new settings. Disabling by hand records why; enabling again, whatever had
     * disabled it, starts over: the failure history that led to it is cleared.
     */
    WebhookEndpoint change(EndpointSettings changed, Instant now) {
        boolean enabling = changed.enabled() && !settings.enabled();
        boolean disabling = !changed.enabled() && settings.enabled();
        return new WebhookEndpoint(id, tenantId, changed, secretSealed, previousSecretSealed, previousSecretExpiresAt,
                dispatchedThroughSequence,
                enabling ? null : disabling ? "manual" : disabledReason,
                enabling ? null : disabling ? now : disabledAt,
                enabling ? null : failingSince,
                createdAt, now);
    }

    /** The new secret signs from now on; the current one goes on signing beside it until {@code previousExpiresAt}. */
    WebhookEndpoint rotateSecret(String newSecretSealed, Instant previousExpiresAt, Instant now) {
        boolean overlap = previousExpiresAt.isAfter(now);
        return new WebhookEndpoint(id, tenantId, settings, newSecretSealed, overlap ? secretSealed : null,
                overlap ? previousExpiresAt : null, dispatchedThroughSequence, disabledReason, disabledAt, failingSince,
                createdAt, now);
    }
}
