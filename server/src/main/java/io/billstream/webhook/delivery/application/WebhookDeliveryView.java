package io.billstream.webhook.delivery.application;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.billstream.webhook.delivery.db.WebhookDeliveries.AttemptRow;
import io.billstream.webhook.delivery.db.WebhookDeliveries.DeliveryRow;

/**
 * A delivery as the delivery log shows it: the last attempt's response (status code, latency, the
 * start of the body) and, when retrieved alone, every attempt.
 */
public record WebhookDeliveryView(String id, String object, String endpointId, String eventId, String eventType, long eventSequence,
                                  String apiVersion, String origin, String status, int attempts, Instant nextAttemptAt,
                                  Instant lastAttemptAt, Integer responseStatus, Integer latencyMs, String responseBody, String error,
                                  Instant deliveredAt, Instant createdAt,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) List<Attempt> attemptHistory) {

    public record Attempt(int attempt, Instant attemptedAt, Integer responseStatus, int latencyMs, String responseBody, String error) {
    }

    static WebhookDeliveryView of(DeliveryRow row, List<AttemptRow> attempts) {
        return new WebhookDeliveryView(row.id(), "webhook_delivery", row.endpointId(), row.eventId(), row.eventType(), row.eventSequence(),
                row.apiVersion(), row.origin(), row.status(), row.attempts(),
                row.status().equals("pending") ? row.nextAttemptAt() : null, row.lastAttemptAt(), row.lastResponseStatus(),
                row.lastLatencyMs(), row.lastResponseBody(), row.lastError(), row.deliveredAt(), row.createdAt(),
                attempts == null ? null : attempts.stream().map(a -> new Attempt(a.attempt(), a.attemptedAt(), a.responseStatus(),
                        a.latencyMs(), a.responseBody(), a.error())).toList());
    }
}
