package io.billstream.webhook.endpoint;

import java.util.List;

import io.billstream.events.BillingEventFeed;
import io.billstream.events.BillingEventView;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.versioning.ApiVersions;
import io.billstream.platform.web.ApiException;
import io.billstream.webhook.mapping.FieldMapping;
import io.billstream.webhook.mapping.FieldMappingException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.XmlMapper;

/**
 * Shows a tenant what an endpoint would receive for an event: the event as the endpoint's API
 * version shows it, through the endpoint's (or a proposed) field mapping, in the endpoint's format.
 */
@Service
public class MappingPreviews {

    /** How far back the latest matching event is looked for, so a preview never reads a whole log. */

    private final WebhookEndpointManagement management;
    private final WebhookEndpoints endpoints;
    private final BillingEventFeed feed;
    private final ApiVersions versions;
    private final JsonMapper json;
    private final XmlMapper xml;

    MappingPreviews(WebhookEndpointManagement management, WebhookEndpoints endpoints, BillingEventFeed feed,
                    ApiVersions versions, JsonMapper json, XmlMapper xml) {
        this.management = management;
        this.endpoints = endpoints;
        this.feed = feed;
        this.versions = versions;
        this.json = json;
        this.xml = xml;
    }

    /**
     * @param body the request body as the API shows it (field names only)
     */
    public record Request(String eventId, JsonNode event, JsonNode fieldMapping, boolean fieldMappingGiven) {
    }

    /** @param body the payload serialised as it is sent: JSON text, or XML with root element {@code event} */
    public record Preview(String object, String eventId, String eventType, String format, boolean mapped, JsonNode payload,
                          String body) {
    }

    @Transactional(readOnly = true)
    public Preview preview(String endpointId, Request request) {
        WebhookEndpoint endpoint = management.load(endpointId, false);
        EndpointSettings settings = endpoint.settings();
        JsonNode specification = request.fieldMappingGiven() ? request.fieldMapping() : settings.fieldMapping();
        FieldMapping mapping = specification == null || specification.isNull() ? null : FieldMapping.parse(specification);
        JsonNode event = event(endpoint, request);
        JsonNode payload;
        try {
            payload = mapping == null ? event : mapping.render(event);
        } catch (FieldMappingException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "mapping_failed", "field_mapping." + e.field(), e.getMessage());
        }
        String body = settings.format().equals("xml") ? xml.writer().withRootName("billing_event").writeValueAsString(payload)
                : json.writeValueAsString(payload);
        return new Preview("webhook_mapping_preview", text(event, "id"), text(event, "type"), settings.format(), mapping != null,
                payload, body);
    }

    private JsonNode event(WebhookEndpoint endpoint, Request request) {
        if (request.event() != null && !request.event().isNull()) {
            if (request.eventId() != null) {
                throw ApiException.invalid("event", "Give either event_id or event, not both");
            }
            if (!request.event().isObject()) {
                throw ApiException.invalid("event", "event must be an object: a billing event as the API shows it");
            }
            return request.event();
        }
        String tenantId = TenantContext.require();
        BillingEventView found;
        if (request.eventId() != null) {
            found = feed.find(tenantId, request.eventId())
                    .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "resource_missing", "event_id",
                            "No such billing event: '" + request.eventId() + "'"));
        } else {
            found = latestMatching(tenantId, endpoint.settings().eventTypes());
        }
        return versions.render(json.valueToTree(found), endpoint.settings().apiVersion());
    }

    private BillingEventView latestMatching(String tenantId, List<String> filter) {
        return feed.latestMatching(tenantId, filter).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "resource_missing",
                "event_id", "No billing event matches the endpoint's event_types; give an event_id or an inline event"));
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
