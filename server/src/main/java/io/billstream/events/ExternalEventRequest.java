package io.billstream.events;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.Metadata;
import io.billstream.platform.money.Currencies;

/** {@code POST /v1/billing-events}: an external system's own billing event, checked field by field. */
record ExternalEventRequest(String name, String eventType, Long amountMinor, String currency, Instant occurredAt,
                            Map<String, String> metadata, String externalReference, String customer) {

    private static final Pattern EVENT_TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern NO_CONTROL = Pattern.compile("\\P{Cntrl}+");

    ExternalEventRequest {
        name = required("name", name, 200);
        eventType = required("event_type", eventType, 100);
        if (!EVENT_TYPE.matcher(eventType).matches()) {
            throw new InvalidValueException("event_type", "event_type must be lower-case words separated by dots, such as "
                    + "'course.completed' or 'order_paid'; it is stored as 'external." + "<event_type>'");
        }
        externalReference = required("external_reference", externalReference, 255);
        if (occurredAt == null) {
            throw new InvalidValueException("occurred_at", "occurred_at is required: an RFC 3339 time such as 2026-03-01T12:00:00Z");
        }
        if (amountMinor != null && currency == null) {
            throw new InvalidValueException("currency", "currency is required with amount_minor");
        }
        if (currency != null) {
            Currencies.parse(currency, "currency");
            if (amountMinor == null) {
                throw new InvalidValueException("amount_minor", "amount_minor is required with currency: an integer in the "
                        + "currency's minor unit (cents for USD)");
            }
        }
        metadata = Metadata.valid(metadata);
        if (customer != null && customer.isBlank()) {
            throw new InvalidValueException("customer", "customer must be a cus_ ID or an external_id, or left out");
        }
    }

    /** Stored under its own namespace, so that no external system can pose as a built-in event such as invoice.paid. */
    String storedType() {
        return BillingEventCatalog.EXTERNAL_PREFIX + eventType;
    }

    private static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (value.length() > maxLength) {
            throw new InvalidValueException(field, field + " must be at most " + maxLength + " characters");
        }
        if (!NO_CONTROL.matcher(value).matches()) {
            throw new InvalidValueException(field, field + " must not contain control characters");
        }
        return value;
    }
}
