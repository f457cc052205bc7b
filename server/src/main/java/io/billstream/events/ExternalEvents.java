package io.billstream.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records events that external systems report; they join the log like any other event and are delivered the same way. */
@Service
class ExternalEvents {

    /** Clocks disagree a little; an event further ahead than this has not happened yet. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    private final BillingEventLog log;
    private final BillingEvents events;
    private final JdbcClient jdbc;
    private final Clock clock;

    ExternalEvents(BillingEventLog log, BillingEvents events, JdbcClient jdbc, Clock clock) {
        this.log = log;
        this.events = events;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional
    BillingEventView record(ExternalEventRequest request) {
        String tenantId = TenantContext.require();
        Instant now = clock.instant();
        if (request.occurredAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw new InvalidValueException("occurred_at", "occurred_at is in the future: record an event once it has happened");
        }
        String customerId = request.customer() == null ? null : customer(tenantId, request.customer());
        existing(tenantId, request.externalReference()).ifPresent(ExternalEvents::refuseDuplicate);
        var object = new ExternalEventObject("external_event", request.name(), request.eventType(), request.amountMinor(),
                request.currency(), request.occurredAt(), now, request.externalReference(), customerId, request.metadata());
        var appended = log.appendExternal(request.storedType(), customerId, object);
        return events.find(tenantId, appended.id()).orElseThrow();
    }

    /** The 409 for a reference that was recorded meanwhile (the unique index refused the second insert). */
    @Transactional(readOnly = true)
    ApiException duplicateOf(String externalReference) {
        return existing(TenantContext.require(), externalReference).map(ExternalEvents::duplicate)
                .orElseGet(() -> ApiException.conflict("duplicate_external_reference", "external_reference",
                        "An event with external_reference '" + externalReference + "' is being recorded by another request"));
    }

    private Optional<BillingEventView> existing(String tenantId, String externalReference) {
        return jdbc.sql("SELECT id FROM billing_events WHERE tenant_id = :tenant AND external_reference = :reference")
                .param("tenant", tenantId).param("reference", externalReference).query(String.class).optional()
                .flatMap(id -> events.find(tenantId, id));
    }

    private String customer(String tenantId, String customer) {
        return jdbc.sql("SELECT id FROM customers WHERE tenant_id = :tenant AND CASE WHEN starts_with(:customer, 'cus_') THEN id = :customer ELSE external_id = :customer END")
                .param("tenant", tenantId).param("customer", customer).query(String.class).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "resource_missing", "customer",
                        "No such customer: '" + customer + "' (give a cus_ ID or an external_id)"));
    }

    private static void refuseDuplicate(BillingEventView event) {
        throw duplicate(event);
    }

    private static ApiException duplicate(BillingEventView event) {
        return ApiException.conflict("duplicate_external_reference", "external_reference", "An event with external_reference '"
                + event.data().path("object").path("external_reference").asString() + "' was already recorded: " + event.id()
                + " (" + event.type() + ")");
    }
}
