package io.billstream.events;

import java.time.Instant;
import java.util.Map;

/**
 * The {@code data.object} of an event an external system recorded ({@code external.<event_type>}).
 *
 * @param amountMinor in the currency's minor unit (cents for USD), as everywhere in the API; null
 *                    together with {@code currency} for an event without money
 * @param occurredAt  when the external system says it happened (also the event's {@code occurred_at})
 * @param recordedAt  when Billstream stored it
 */
public record ExternalEventObject(String object, String name, String eventType, Long amountMinor, String currency,
                                  Instant occurredAt, Instant recordedAt, String externalReference, String customerId,
                                  Map<String, String> metadata) {
}
