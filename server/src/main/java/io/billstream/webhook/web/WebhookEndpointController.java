package io.billstream.webhook.web;

import java.time.Duration;
import java.util.Set;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.PageRequest;
import io.billstream.platform.web.ListPage;
import io.billstream.webhook.endpoint.MappingPreviews;
import io.billstream.webhook.endpoint.WebhookEndpointManagement;
import io.billstream.webhook.endpoint.WebhookEndpointView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/webhook-endpoints")
@Tag(name = "Webhook endpoints", description = "Receivers of billing events: URL, event filter, format, field mapping and signing secret")
class WebhookEndpointController {

    private static final Set<String> PREVIEW_FIELDS = Set.of("event_id", "event", "field_mapping");

    private final WebhookEndpointManagement endpoints;
    private final MappingPreviews previews;

    WebhookEndpointController(WebhookEndpointManagement endpoints, MappingPreviews previews) {
        this.endpoints = endpoints;
        this.previews = previews;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @Operation(summary = "Create a webhook endpoint",
            description = "The response carries the signing secret (whsec_...), the only time it is shown. The endpoint receives "
                    + "events committed from now on.")
    ResponseEntity<WebhookEndpointView> create(@RequestBody WebhookEndpointRequests.CreateEndpoint request, UriComponentsBuilder uri) {
        WebhookEndpointView created = endpoints.register(request.toSettings(endpoints.defaultApiVersion()));
        return ResponseEntity.created(uri.path("/v1/webhook-endpoints/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "List webhook endpoints", description = "Newest first, cursor-paginated.")
    ListPage<WebhookEndpointView> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return endpoints.list(PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "Retrieve a webhook endpoint")
    WebhookEndpointView get(@PathVariable String id) {
        return endpoints.get(id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @Operation(summary = "Update a webhook endpoint",
            description = "JSON merge patch. Setting enabled to true on a disabled endpoint clears why and since when it was "
                    + "disabled; a changed url is checked against internal addresses again.")
    WebhookEndpointView update(@PathVariable String id, @RequestBody JsonNode body) {
        return endpoints.change(id, WebhookEndpointPatch.parse(body));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @Operation(summary = "Delete a webhook endpoint", description = "Removes it with its delivery log; returns it as it was.")
    WebhookEndpointView delete(@PathVariable String id) {
        return endpoints.remove(id);
    }

    @PostMapping("/{id}/rotate-secret")
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @Operation(summary = "Rotate the signing secret",
            description = "Returns the new secret, shown once. The previous one keeps signing beside it for expires_in_seconds "
                    + "(default 86400, at most 604800; 0 retires it at once).")
    WebhookEndpointView rotateSecret(@PathVariable String id,
                                     @RequestBody(required = false) WebhookEndpointRequests.RotateSecret request) {
        Long seconds = request == null ? null : request.expiresInSeconds();
        return endpoints.rotateSecret(id, seconds == null ? null : Duration.ofSeconds(seconds));
    }

    @PostMapping("/{id}/mapping-preview")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "Preview an endpoint's payload",
            description = "Renders an event (event_id, an inline event, or by default the latest event the endpoint's filter "
                    + "matches) through the endpoint's field mapping, or through field_mapping from the body to try one "
                    + "before saving it. Returns the payload and the body as it would be sent in the endpoint's format.")
    MappingPreviews.Preview preview(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return previews.preview(id, new MappingPreviews.Request(null, null, null, false));
        }
        JsonFields.onlyKnown(body, PREVIEW_FIELDS);
        return previews.preview(id, new MappingPreviews.Request(JsonFields.text(body, "event_id"), body.get("event"),
                body.get("field_mapping"), body.has("field_mapping")));
    }
}
