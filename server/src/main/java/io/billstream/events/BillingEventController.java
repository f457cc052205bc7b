package io.billstream.events;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.Cursor;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/billing-events")
@Tag(name = "Billing events", description = "The log of every billing state change, in commit order per tenant")
class BillingEventController {

    private final BillingEvents events;

    BillingEventController(BillingEvents events) {
        this.events = events;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Transactional(readOnly = true)
    @Operation(summary = "List billing events",
            description = "Newest first by default. With order=asc the log is read oldest first and next_cursor is set even on "
                    + "the last page, so a consumer polls with it to receive exactly the events committed since; loop on has_more.")
    ListPage<BillingEventView> list(
            @Parameter(description = "Comma-separated types; 'customer.*' matches a prefix") @RequestParam(required = false) String type,
            @Parameter(description = "Inclusive lower bound of occurred_at (RFC 3339)") @RequestParam(name = "occurred_from", required = false) Instant occurredFrom,
            @Parameter(description = "Exclusive upper bound of occurred_at (RFC 3339)") @RequestParam(name = "occurred_to", required = false) Instant occurredTo,
            @RequestParam(name = "customer_id", required = false) String customerId,
            @Parameter(description = "desc (default) or asc") @RequestParam(required = false, defaultValue = "desc") String order,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "order must be 'asc' or 'desc'");
        }
        List<String> types = type == null || type.isBlank() ? List.of()
                : Arrays.stream(type.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        PageRequest page = PageRequest.of(limit, cursor);
        var query = new BillingEvents.Query(types, occurredFrom, occurredTo, customerId, order.equals("asc"));
        ListPage<BillingEventView> result = ListPage.of(events.list(TenantContext.require(), query, page), page,
                event -> Long.toString(event.sequence()), event -> event);
        if (query.ascending() && !result.hasMore()) {
            // Following the log: the last page still hands out a cursor, so the consumer can poll
            // with it and receive exactly the events committed after the last one it saw.
            String resume = result.data().isEmpty() ? (cursor == null || cursor.isBlank() ? null : cursor)
                    : Cursor.encode(Long.toString(result.data().getLast().sequence()));
            return new ListPage<>(result.object(), result.data(), false, resume);
        }
        return result;
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Transactional(readOnly = true)
    @Operation(summary = "Retrieve a billing event")
    BillingEventView get(@PathVariable String id) {
        return events.find(TenantContext.require(), id).orElseThrow(() -> ApiException.notFound("billing event", id));
    }
}
