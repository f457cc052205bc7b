package io.billstream.webhook.delivery.web;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.webhook.delivery.application.DeliveryLog;
import io.billstream.webhook.delivery.application.WebhookDeliveryView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Webhook deliveries", description = "The delivery log of webhook endpoints: attempts, retries and replays")
class WebhookDeliveryController {

    private static final List<String> STATUSES = List.of("pending", "succeeded", "failed");

    /** Exactly one of the two: replay from an instant (occurred_at, inclusive) or from a sequence (inclusive). */
    record ReplayRequest(Instant since, Long sinceSequence) {
    }

    private final DeliveryLog log;

    WebhookDeliveryController(DeliveryLog log) {
        this.log = log;
    }

    @GetMapping("/v1/webhook-endpoints/{id}/deliveries")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "List an endpoint's deliveries", description = "Newest first, with the last attempt's response.")
    ListPage<WebhookDeliveryView> list(@PathVariable String id,
                                       @Parameter(description = "pending, succeeded or failed") @RequestParam(required = false) String status,
                                       @RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "status must be one of " + String.join(", ", STATUSES));
        }
        PageRequest page = PageRequest.of(limit, cursor);
        return ListPage.of(log.list(id, status, page), page, WebhookDeliveryView::id, delivery -> delivery);
    }

    @GetMapping("/v1/webhook-deliveries/{id}")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "Retrieve a delivery with every attempt")
    WebhookDeliveryView get(@PathVariable String id) {
        return log.get(id);
    }

    @PostMapping("/v1/webhook-deliveries/{id}/retry")
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @Operation(summary = "Attempt a delivery again now", description = "Pending, failed or succeeded alike; the same webhook-id is sent.")
    WebhookDeliveryView retry(@PathVariable String id) {
        return log.retry(id);
    }

    @PostMapping("/v1/webhook-endpoints/{id}/replay")
    @PreAuthorize(Scopes.REQUIRE_WEBHOOKS_WRITE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Deliver past events again", description = "Every event the endpoint's filter takes since an instant or a "
            + "sequence (inclusive), as new deliveries with origin 'replay'; returns how many were queued.")
    DeliveryLog.Replay replay(@PathVariable String id, @RequestBody ReplayRequest request) {
        if ((request.since() == null) == (request.sinceSequence() == null)) {
            throw ApiException.invalid(request.since() == null ? "since" : "since_sequence", "give exactly one of since and since_sequence");
        }
        if (request.sinceSequence() != null && request.sinceSequence() < 1) {
            throw ApiException.invalid("since_sequence", "since_sequence must be at least 1");
        }
        return log.replay(id, request.sinceSequence(), request.since());
    }
}
