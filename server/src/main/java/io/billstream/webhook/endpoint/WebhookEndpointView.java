package io.billstream.webhook.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A webhook endpoint as the API shows it. {@code secret} is present only in the responses that
 * create it (creation and rotation); it is never shown again.
 */
@JacksonXmlRootElement(localName = "webhook_endpoint")
public record WebhookEndpointView(String id, String object, String url, String description, List<String> eventTypes,
                                  boolean enabled, String format, JsonNode fieldMapping, boolean verifyTls, boolean development,
                                  boolean ordered, String apiVersion, Map<String, String> metadata,
                                  @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
                                  Instant previousSecretExpiresAt, String disabledReason, Instant disabledAt,
                                  Instant failingSince, Instant createdAt, Instant updatedAt) {

    static WebhookEndpointView of(WebhookEndpoint endpoint) {
        return withSecret(endpoint, null);
    }

    static WebhookEndpointView withSecret(WebhookEndpoint endpoint, String secret) {
        EndpointSettings s = endpoint.settings();
        return new WebhookEndpointView(endpoint.id(), "webhook_endpoint", s.url(), s.description(), s.eventTypes(), s.enabled(),
                s.format(), s.fieldMapping(), s.verifyTls(), s.development(), s.ordered(), s.apiVersion(), s.metadata(), secret,
                endpoint.previousSecretExpiresAt(), endpoint.disabledReason(), endpoint.disabledAt(), endpoint.failingSince(),
                endpoint.createdAt(), endpoint.updatedAt());
    }

    /** What an audit record keeps: everything but the secret. */
    WebhookEndpointView withoutSecret() {
        return new WebhookEndpointView(id, object, url, description, eventTypes, enabled, format, fieldMapping, verifyTls,
                development, ordered, apiVersion, metadata, null, previousSecretExpiresAt, disabledReason, disabledAt,
                failingSince, createdAt, updatedAt);
    }
}
