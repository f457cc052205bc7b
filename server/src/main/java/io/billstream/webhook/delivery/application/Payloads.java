package io.billstream.webhook.delivery.application;

import io.billstream.events.BillingEventView;
import io.billstream.platform.versioning.ApiVersions;
import io.billstream.webhook.delivery.db.WebhookDeliveries.EventRow;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Outgoing;
import io.billstream.webhook.mapping.FieldMapping;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.xml.XmlMapper;

/**
 * The body of a delivery: the event as the API shows it, in the shape of the delivery's API
 * version, then through the endpoint's field mapping if it has one, then as XML if the endpoint
 * takes XML. The signature covers exactly these bytes.
 */
@Component
class Payloads {

    record Payload(String body, String contentType) {
    }

    private final JsonMapper json;
    private final XmlMapper xml;
    private final ApiVersions versions;
    // Parsed mappings by their stored text: a mapping is parsed once, not once per delivery.
    private final Cache<String, FieldMapping> mappings = Caffeine.newBuilder().maximumSize(1_000).build();

    Payloads(JsonMapper json, XmlMapper xml, ApiVersions versions) {
        this.json = json;
        this.xml = xml;
        this.versions = versions;
    }

    Payload render(Outgoing delivery) {
        EventRow row = delivery.event();
        BillingEventView event = new BillingEventView(row.id(), "billing_event", row.type(), row.sequence(), row.occurredAt(),
                row.customerId(), row.subscriptionId(), row.invoiceId(), row.paymentId(), row.requestId(), row.apiVersion(), json.readTree(row.data()));
        JsonNode body = versions.render(json.valueToTree(event), delivery.apiVersion());
        if (delivery.fieldMapping() != null) {
            body = mappings.get(delivery.fieldMapping(), text -> FieldMapping.parse(json.readTree(text))).render(body);
        }
        if ("xml".equals(delivery.format())) {
            return new Payload(xml.writer().withRootName("billing_event").writeValueAsString(body), "application/xml");
        }
        return new Payload(json.writeValueAsString(body), "application/json");
    }
}
