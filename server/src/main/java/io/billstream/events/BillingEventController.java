package io.billstream.events;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.money.Currencies;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.Cursor;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.platform.web.QueryTimes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/billing-events")
@Tag(name = "Billing events", description = "The log of every billing state change, in commit order per tenant")
class BillingEventController {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*(\\.\\*)?");
    private static final int MAX_FILTER_LENGTH = 255;

    private final BillingEvents events;
    private final ExternalEvents external;

    BillingEventController(BillingEvents events, ExternalEvents external) {
        this.events = events;
        this.external = external;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Transactional(readOnly = true)
    @Operation(summary = "List billing events",
            description = "Newest first by default. With order=asc the log is read oldest first and next_cursor is set even on "
                    + "the last page, so a consumer polls with it to receive exactly the events committed since; loop on has_more. "
                    + "after_sequence=N starts after the event with sequence N (oldest first). Filters combine with AND.")
    ListPage<BillingEventView> list(
            @Parameter(description = "Comma-separated types; 'customer.*' matches a prefix") @RequestParam(required = false) String type,
            @Parameter(description = "Inclusive lower bound of occurred_at (RFC 3339)") @RequestParam(name = "occurred_from", required = false) String occurredFrom,
            @Parameter(description = "Exclusive upper bound of occurred_at (RFC 3339)") @RequestParam(name = "occurred_to", required = false) String occurredTo,
            @Parameter(description = "cus_ ID or external_id") @RequestParam(name = "customer_id", required = false) String customer,
            @Parameter(description = "sub_ ID or external_id") @RequestParam(name = "subscription_id", required = false) String subscription,
            @RequestParam(name = "invoice_id", required = false) String invoiceId,
            @RequestParam(name = "payment_id", required = false) String paymentId,
            @Parameter(description = "A payment's provider_transaction_id or a refund's provider_refund_id")
            @RequestParam(name = "provider_transaction_id", required = false) String providerTransactionId,
            @Parameter(description = "card, sepa_debit, ...: events of payment methods and of payments made with one")
            @RequestParam(name = "payment_method_type", required = false) String paymentMethodType,
            @Parameter(description = "Inclusive, minor units") @RequestParam(name = "amount_from", required = false) Long amountFrom,
            @Parameter(description = "Inclusive, minor units") @RequestParam(name = "amount_to", required = false) Long amountTo,
            @Parameter(description = "ISO 4217 code of the event's amount") @RequestParam(required = false) String currency,
            @Parameter(description = "The reference an external system recorded its event under")
            @RequestParam(name = "external_reference", required = false) String externalReference,
            @Parameter(description = "Only events with a greater sequence, oldest first") @RequestParam(name = "after_sequence", required = false) Long afterSequence,
            @Parameter(description = "desc (default; asc with after_sequence) or asc") @RequestParam(required = false) String order,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        boolean ascending = ascending(order, afterSequence);
        if (afterSequence != null && afterSequence < 0) {
            throw ApiException.invalid("after_sequence", "after_sequence must be 0 or a sequence number from the log");
        }
        var from = QueryTimes.parse(blankToNull(occurredFrom), "occurred_from");
        var to = QueryTimes.parse(blankToNull(occurredTo), "occurred_to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiException.invalid("occurred_to", "occurred_to must be after occurred_from");
        }
        if (amountFrom != null && amountTo != null && amountFrom > amountTo) {
            throw ApiException.invalid("amount_to", "amount_to must be at least amount_from");
        }
        if (blankToNull(currency) != null) {
            Currencies.parse(currency.trim(), "currency");
        }
        PageRequest page = PageRequest.of(limit, cursor);
        var query = new BillingEvents.Query(types(type), from, to, filter(customer, "customer_id"), filter(subscription, "subscription_id"),
                filter(invoiceId, "invoice_id"), filter(paymentId, "payment_id"), filter(providerTransactionId, "provider_transaction_id"),
                filter(paymentMethodType, "payment_method_type"), amountFrom, amountTo, blankToNull(currency) == null ? null : currency.trim(),
                filter(externalReference, "external_reference"), afterSequence, ascending);
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

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_EVENTS_WRITE)
    @Operation(summary = "Record an external billing event",
            description = "An external system's own event: name, event_type (stored as external.<event_type>), amount_minor and "
                    + "currency (together or not at all), occurred_at, metadata, external_reference (required, unique: a second "
                    + "event with the same reference is 409 naming the first), customer (cus_ ID or external_id). It joins the log "
                    + "with its own sequence and is delivered to webhooks like any other event.")
    ResponseEntity<BillingEventView> record(@RequestBody ExternalEventRequest request, UriComponentsBuilder uri) {
        BillingEventView recorded;
        try {
            recorded = external.record(request);
        } catch (DuplicateKeyException raced) {
            throw external.duplicateOf(request.externalReference());
        }
        return ResponseEntity.created(uri.path("/v1/billing-events/{id}").buildAndExpand(recorded.id()).toUri()).body(recorded);
    }

    private static boolean ascending(String order, Long afterSequence) {
        if (order == null || order.isBlank()) {
            return afterSequence != null;
        }
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "order must be 'asc' or 'desc'");
        }
        if (order.equals("desc") && afterSequence != null) {
            throw ApiException.invalid("order", "after_sequence reads the log forward: leave order out or use order=asc");
        }
        return order.equals("asc");
    }

    private static List<String> types(String type) {
        List<String> types = new ArrayList<>();
        if (type == null || type.isBlank()) {
            return types;
        }
        for (String one : type.split(",")) {
            String trimmed = one.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!TYPE.matcher(trimmed).matches()) {
                throw ApiException.invalid("type", "'" + trimmed + "' is not an event type: write resource.action "
                        + "(invoice.paid) or a prefix (invoice.*), several separated by commas");
            }
            types.add(trimmed);
        }
        if (types.size() > 50) {
            throw ApiException.invalid("type", "at most 50 types");
        }
        return types;
    }

    private static String filter(String value, String param) {
        String given = blankToNull(value);
        if (given != null && given.length() > MAX_FILTER_LENGTH) {
            throw ApiException.invalid(param, param + " must be at most " + MAX_FILTER_LENGTH + " characters");
        }
        return given == null ? null : given.trim();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
