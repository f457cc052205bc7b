package io.billstream.webhook.web;

import java.util.List;
import java.util.Map;

import io.billstream.webhook.endpoint.EndpointSettings;
import tools.jackson.databind.JsonNode;

/** Request bodies of the webhook-endpoint endpoints. */
final class WebhookEndpointRequests {

    private WebhookEndpointRequests() {
    }

    record CreateEndpoint(String url, String description, List<String> eventTypes, Boolean enabled, String format,
                          JsonNode fieldMapping, Boolean verifyTls, Boolean development, Boolean ordered, String apiVersion,
                          Map<String, String> metadata) {

        EndpointSettings toSettings(String defaultApiVersion) {
            return new EndpointSettings(url, description, eventTypes, enabled == null || enabled, format, fieldMapping,
                    verifyTls == null || verifyTls, development != null && development, ordered != null && ordered,
                    apiVersion == null ? defaultApiVersion : apiVersion, metadata);
        }
    }

    /** @param expiresInSeconds how long the current secret keeps signing beside the new one; 24 hours if left out */
    record RotateSecret(Long expiresInSeconds) {
    }
}
