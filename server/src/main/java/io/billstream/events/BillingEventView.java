package io.billstream.events;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A billing event as the API shows it; {@code data.object} is the subject after the change. */
@JacksonXmlRootElement(localName = "billing_event")
public record BillingEventView(String id, String object, String type, long sequence, Instant occurredAt,
                               String customerId, String subscriptionId, String invoiceId, String paymentId,
                               String requestId, JsonNode data) {
}
