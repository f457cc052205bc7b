package io.billstream.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A billing event as the API shows it; {@code data.object} is the subject after the change, and
 * {@code api_version} the version of the request that caused it (the shape {@code data.object} was
 * written in is always the latest: readers see it in their own version).
 */
@JacksonXmlRootElement(localName = "billing_event")
public record BillingEventView(String id, String object, String type, long sequence, Instant occurredAt,
                               String customerId, String subscriptionId, String invoiceId, String paymentId,
                               String requestId, String apiVersion, JsonNode data) {
}
