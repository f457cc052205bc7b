package io.billstream.events;

import java.util.UUID;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/billing-events (external systems' events) and the event-type catalog. */
class ExternalBillingEventIntegrationTest extends BillingIntegrationTest {

    String key;

    @BeforeEach
    void tenant() {
        key = newTenant().adminKey();
    }

    @Test
    void anExternalEventJoinsTheLogAndIsFoundByItsFilters() {
        String externalId = "lms-" + UUID.randomUUID();
        String customer = createCustomer(key, "{\"external_id\":\"" + externalId + "\",\"currency\":\"EUR\"}").field("id");
        String writer = apiKey(key, "events:write");
        String reference = "order-" + UUID.randomUUID();

        ApiResponse response = api.post("/v1/billing-events", writer, """
                {"name":"Course sold","event_type":"course.sold","amount_minor":4990,"currency":"EUR",
                 "occurred_at":"2026-01-15T10:00:00Z","metadata":{"course":"java-101"},"external_reference":"%s",
                 "customer":"%s"}""".formatted(reference, externalId));
        JsonNode event = created(response);
        assertThat(response.header("Location")).endsWith("/v1/billing-events/" + event.get("id").asString());
        assertThat(event.get("type").asString()).isEqualTo("external.course.sold");
        assertThat(event.get("customer_id").asString()).isEqualTo(customer);
        assertThat(event.get("occurred_at").asString()).isEqualTo("2026-01-15T10:00:00Z");
        JsonNode object = event.get("data").get("object");
        assertThat(object.get("object").asString()).isEqualTo("external_event");
        assertThat(object.get("amount_minor").asLong()).isEqualTo(4990);
        assertThat(object.get("external_reference").asString()).isEqualTo(reference);
        assertThat(object.get("metadata").get("course").asString()).isEqualTo("java-101");

        // Its own sequence, right after the customer's creation.
        JsonNode all = ok(api.get("/v1/billing-events?order=asc", key)).get("data");
        assertThat(all).extracting(e -> e.get("type").asString()).containsExactly("customer.created", "external.course.sold");
        assertThat(event.get("sequence").asLong()).isEqualTo(all.get(0).get("sequence").asLong() + 1);

        String id = event.get("id").asString();
        assertThat(ids("type=external.*")).containsExactly(id);
        assertThat(ids("type=external.course.sold&customer_id=" + externalId + "&amount_from=4990&amount_to=4990&currency=EUR"))
                .containsExactly(id);
        assertThat(ids("external_reference=" + reference)).containsExactly(id);
        assertThat(ids("occurred_from=2026-01-15T10:00:00Z&occurred_to=2026-01-15T10:00:01Z")).containsExactly(id);
        assertThat(ids("occurred_from=2026-01-15T10:00:01Z&type=external.*")).isEmpty();
        assertThat(ids("type=external.course.sold&amount_from=4991")).isEmpty();
        assertThat(ok(api.get("/v1/billing-events/" + id, key)).get("id").asString()).isEqualTo(id);
    }

    @Test
    void aSecondEventWithTheSameReferenceIsRefusedNamingTheFirst() {
        String reference = "inv-" + UUID.randomUUID();
        String body = "{\"name\":\"Paid by bank\",\"event_type\":\"bank.payment\",\"amount_minor\":100,\"currency\":\"USD\","
                + "\"occurred_at\":\"2026-02-01T00:00:00Z\",\"external_reference\":\"" + reference + "\"}";
        String first = created(api.post("/v1/billing-events", key, body)).get("id").asString();

        ApiResponse again = api.post("/v1/billing-events", key, body.replace("bank.payment", "bank.other"));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("duplicate_external_reference");
        assertThat(again.field("param")).isEqualTo("external_reference");
        assertThat(again.field("detail")).contains(first);
        assertThat(ids("type=external.*")).containsExactly(first);

        // The same request under the same Idempotency-Key is a replay, not a duplicate.
        String other = body.replace(reference, reference + "-2");
        JsonNode once = created(api.post("/v1/billing-events", key, other, "Idempotency-Key", "k-" + reference));
        ApiResponse replay = api.post("/v1/billing-events", key, other, "Idempotency-Key", "k-" + reference);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.json().get("id").asString()).isEqualTo(once.get("id").asString());
        assertThat(ids("type=external.*")).hasSize(2);
    }

    @Test
    void everyFieldIsValidated() {
        String valid = "{\"name\":\"n\",\"event_type\":\"order.paid\",\"occurred_at\":\"2026-02-01T00:00:00Z\",\"external_reference\":\"r-1\"";
        assertInvalid("{\"event_type\":\"order.paid\",\"occurred_at\":\"2026-02-01T00:00:00Z\",\"external_reference\":\"r\"}", "name");
        assertInvalid(valid.replace("order.paid", "Order Paid") + "}", "event_type");
        assertInvalid(valid.replace("\"event_type\":\"order.paid\",", "") + "}", "event_type");
        assertInvalid(valid.replace(",\"external_reference\":\"r-1\"", "") + "}", "external_reference");
        assertInvalid(valid.replace("\"occurred_at\":\"2026-02-01T00:00:00Z\",", "") + "}", "occurred_at");
        assertInvalid(valid.replace("2026-02-01T00:00:00Z", "yesterday") + "}", "occurred_at");
        assertInvalid(valid.replace("2026-02-01T00:00:00Z", "2999-01-01T00:00:00Z") + "}", "occurred_at");
        assertInvalid(valid + ",\"amount_minor\":100}", "currency");
        assertInvalid(valid + ",\"currency\":\"USD\"}", "amount_minor");
        assertInvalid(valid + ",\"amount_minor\":100,\"currency\":\"usd\"}", "currency");
        assertInvalid(valid + ",\"amount_minor\":\"ten\",\"currency\":\"USD\"}", "amount_minor");
        assertInvalid(valid + ",\"colour\":\"red\"}", "colour");
        assertInvalid(valid + ",\"metadata\":{\"" + "k".repeat(41) + "\":\"v\"}}", "metadata");

        ApiResponse unknownCustomer = api.post("/v1/billing-events", key, valid + ",\"customer\":\"cus_nope\"}");
        assertThat(unknownCustomer.status()).as(unknownCustomer.toString()).isEqualTo(404);
        assertThat(unknownCustomer.field("param")).isEqualTo("customer");
        assertThat(ok(api.get("/v1/billing-events", key)).get("data")).isEmpty();
    }

    @Test
    void recordingNeedsEventsWriteOrBillingWrite() {
        String body = "{\"name\":\"n\",\"event_type\":\"x.y\",\"occurred_at\":\"2026-02-01T00:00:00Z\",\"external_reference\":\"";
        assertThat(api.post("/v1/billing-events", apiKey(key, "events:read"), body + "a\"}").status()).isEqualTo(403);
        assertThat(api.post("/v1/billing-events", apiKey(key, "billing:write"), body + "b\"}").status()).isEqualTo(201);
        assertThat(api.post("/v1/billing-events", apiKey(key, "events:write"), body + "c\"}").status()).isEqualTo(201);
    }

    @Test
    void theCatalogDescribesEveryTypeWithASchemaAndAnExample() {
        String reader = apiKey(key, "events:read");
        JsonNode list = ok(api.get("/v1/billing-event-types", reader));
        assertThat(list.get("object").asString()).isEqualTo("list");
        assertThat(list.get("data")).extracting(t -> t.get("type").asString())
                .contains("customer.created", "invoice.finalized", "payment.succeeded", "subscription.renewed", "external.*")
                .isSorted();

        JsonNode refunded = ok(api.get("/v1/billing-event-types/payment.refunded", reader));
        assertThat(refunded.get("data_object").asString()).isEqualTo("refund");
        JsonNode properties = refunded.get("schema").get("properties");
        assertThat(properties.get("amount_minor").get("type").asString()).isEqualTo("integer");
        assertThat(properties.has("provider_refund_id")).isTrue();
        assertThat(properties.has("providerRefundId")).isFalse();
        assertThat(refunded.get("example").get("object").asString()).isEqualTo("refund");
        assertThat(refunded.get("example").get("id").asString()).startsWith("re_");
        assertThat(refunded.get("example").get("payment_id").asString()).startsWith("pay_");
        // The example has exactly the schema's fields.
        assertThat(refunded.get("example").propertyNames()).containsExactlyInAnyOrderElementsOf(properties.propertyNames());

        JsonNode invoice = ok(api.get("/v1/billing-event-types/invoice.finalized", reader));
        assertThat(invoice.get("schema").get("properties").get("lines").get("type").asString()).isEqualTo("array");
        assertThat(invoice.get("schema").get("$defs")).isNotNull();
        assertThat(invoice.get("example").get("lines").get(0).has("amount_minor")).isTrue();

        JsonNode external = ok(api.get("/v1/billing-event-types/external.*", reader));
        assertThat(external.get("schema").get("properties").has("external_reference")).isTrue();

        ApiResponse unknown = api.get("/v1/billing-event-types/invoice.exploded", reader);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.get("/v1/billing-event-types", apiKey(key, "billing:read")).status()).isEqualTo(403);
    }

    private java.util.List<String> ids(String query) {
        JsonNode page = ok(api.get("/v1/billing-events?limit=100&" + query, key));
        return page.get("data").valueStream().map(e -> e.get("id").asString()).toList();
    }

    private void assertInvalid(String body, String param) {
        ApiResponse response = api.post("/v1/billing-events", key, body);
        assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
        assertThat(response.field("param")).as(body + " -> " + response).isEqualTo(param);
    }
}
