package io.billstream.webhook.delivery.application;

import java.time.Instant;
import java.util.List;

import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.notification.NotificationRequest;
import io.billstream.notification.Notifications;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.webhook.delivery.db.WebhookDeliveries;
import io.billstream.webhook.delivery.db.WebhookDeliveries.DisabledEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns off an endpoint the receiver has given up on: at once on 410 Gone ({@code gone}), or after
 * five days of nothing but failed attempts ({@code failing}). Either way the tenant learns of it
 * through a {@code webhook_endpoint.disabled} billing event and, if it named a notification
 * address, an e-mail. Its pending deliveries stay pending and go out once it is enabled again.
 */
@Component
class EndpointDisabling {

    static final String EVENT_TYPE = "webhook_endpoint.disabled";
    private static final Logger log = LoggerFactory.getLogger(EndpointDisabling.class);

    /** The subject of the event: the endpoint as it stands once disabled. */
    record DisabledEndpointView(String id, String object, String url, String description, boolean enabled, String disabledReason,
                                Instant disabledAt, Instant failingSince) {
    }

    private final WebhookDeliveries deliveries;
    private final BillingEventLog events;
    private final Notifications notifications;

    EndpointDisabling(WebhookDeliveries deliveries, BillingEventLog events, Notifications notifications) {
        this.deliveries = deliveries;
        this.events = events;
        this.notifications = notifications;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void disable(String endpointId, String reason, Instant now) {
        DisabledEndpoint endpoint = deliveries.disable(endpointId, reason, now).orElse(null);
        if (endpoint == null) {
            return;
        }
        log.warn("Webhook endpoint {} disabled ({}): {}", endpoint.id(), reason, endpoint.url());
        events.append(EVENT_TYPE, EventSubjects.none(), new DisabledEndpointView(endpoint.id(), "webhook_endpoint", endpoint.url(),
                endpoint.description(), false, reason, endpoint.disabledAt(), endpoint.failingSince()), null);
        String address = deliveries.notificationEmail(TenantContext.require()).orElse(null);
        if (address == null || address.isBlank()) {
            return;
        }
        String why = reason.equals("gone")
                ? "it answered 410 Gone, which says the endpoint no longer exists."
                : "every delivery to it has failed since " + endpoint.failingSince() + ", for five days.";
        List<String> paragraphs = List.of(
                "Billstream has disabled your webhook endpoint " + endpoint.id() + " (" + endpoint.url() + ") because " + why,
                "It receives no new events while disabled. Deliveries still pending are kept and go out once you enable it again "
                        + "(PATCH /v1/webhook-endpoints/" + endpoint.id() + " with {\"enabled\": true}); events that occur meanwhile "
                        + "can be sent with POST /v1/webhook-endpoints/" + endpoint.id() + "/replay.");
        notifications.request(new NotificationRequest(EVENT_TYPE, address, "Webhook endpoint disabled: " + endpoint.url(),
                String.join("\n\n", paragraphs) + "\n", null, List.of(), null, endpoint.id()));
    }
}
