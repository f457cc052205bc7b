package io.billstream.webhook;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MappingPreviewIntegrationTest extends IntegrationTest {

    private static final String PUBLIC_URL = "https://93.184.215.14/hooks";

    @Test
    void the_latest_matching_event_is_rendered_through_the_endpoints_mapping() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String first = createCustomer(key, "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}").field("id");
        String second = createCustomer(key, "{\"name\":\"Grace\",\"email\":\"grace@example.com\"}").field("id");
        api.patch("/v1/customers/" + first, key, "{\"name\":\"Ada L.\"}");
        String id = endpoint(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"customer.created\"],"
                + "\"field_mapping\":{\"kind\":{\"path\":\"$.type\",\"transform\":{\"type\":\"lookup\",\"table\":{\"customer.created\":\"NEW\"}}},"
                + "\"contact.name\":\"$.data.object.name\",\"contact.email\":\"$.data.object.email\",\"source\":{\"constant\":\"billstream\"},"
                + "\"day\":{\"path\":\"$.occurred_at\",\"transform\":{\"type\":\"date\",\"pattern\":\"yyyy\"}}}}");

        ApiResponse preview = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key, null);

        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode body = preview.json();
        assertThat(body.get("event_type").asString()).isEqualTo("customer.created");
        assertThat(body.get("format").asString()).isEqualTo("json");
        assertThat(body.get("mapped").asBoolean()).isTrue();
        JsonNode payload = body.get("payload");
        assertThat(payload.get("kind").asString()).isEqualTo("NEW");
        assertThat(payload.get("contact").get("name").asString()).as("the latest customer.created, not the update").isEqualTo("Grace");
        assertThat(payload.get("contact").get("email").asString()).isEqualTo("grace@example.com");
        assertThat(payload.get("source").asString()).isEqualTo("billstream");
        assertThat(payload.get("day").asString()).matches("\\d{4}");
        assertThat(body.get("body").asString()).contains("\"contact\":{\"name\":\"Grace\"");
        assertThat(second).isNotNull();
    }

    @Test
    void a_given_event_and_an_unsaved_mapping_can_be_previewed_in_xml() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String customer = createCustomer(key, "{\"name\":\"Ada\"}").field("id");
        String eventId = api.get("/v1/billing-events?type=customer.created", key).json().get("data").get(0).get("id").asString();
        String id = endpoint(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"invoice.*\"],\"format\":\"xml\"}");

        ApiResponse byId = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key,
                "{\"event_id\":\"" + eventId + "\",\"field_mapping\":{\"customer\":\"$.data.object.id\"}}");
        assertThat(byId.status()).as(byId.toString()).isEqualTo(200);
        assertThat(byId.json().get("payload").toString()).isEqualTo("{\"customer\":\"" + customer + "\"}");
        assertThat(byId.json().get("body").asString()).contains("<customer>" + customer + "</customer>");

        ApiResponse unmapped = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key, "{\"event_id\":\"" + eventId + "\"}");
        assertThat(unmapped.json().get("mapped").asBoolean()).isFalse();
        assertThat(unmapped.json().get("payload").get("id").asString()).isEqualTo(eventId);

        ApiResponse inline = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key,
                "{\"event\":{\"id\":\"evt_x\",\"type\":\"invoice.paid\",\"data\":{\"object\":{\"amount_paid_minor\":123456,\"currency\":\"JPY\"}}},"
                        + "\"field_mapping\":{\"amount\":{\"path\":\"$.data.object.amount_paid_minor\",\"transform\":{\"type\":\"minor_units_to_decimal\"}}}}");
        assertThat(inline.status()).as(inline.toString()).isEqualTo(200);
        assertThat(inline.json().get("payload").get("amount").asString()).isEqualTo("123456");
    }

    @Test
    void bad_mappings_and_missing_events_are_refused_naming_the_field() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String id = endpoint(key, "{\"url\":\"" + PUBLIC_URL + "\",\"event_types\":[\"invoice.paid\"]}");

        ApiResponse badPath = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key,
                "{\"event\":{\"id\":\"evt_x\"},\"field_mapping\":{\"amount\":{\"path\":\"$.data.object[amount\"}}}");
        assertThat(badPath.status()).isEqualTo(400);
        assertThat(badPath.field("param")).isEqualTo("field_mapping.amount.path");

        ApiResponse unmatched = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key,
                "{\"event\":{\"id\":\"evt_x\",\"data\":{\"object\":{\"status\":\"odd\"}}},"
                        + "\"field_mapping\":{\"state\":{\"path\":\"$.data.object.status\",\"transform\":{\"type\":\"lookup\",\"table\":{\"paid\":\"P\"}}}}}");
        assertThat(unmatched.status()).as(unmatched.toString()).isEqualTo(422);
        assertThat(unmatched.field("code")).isEqualTo("mapping_failed");
        assertThat(unmatched.field("param")).isEqualTo("field_mapping.state");

        ApiResponse none = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key, "{}");
        assertThat(none.status()).as("no invoice.paid event yet").isEqualTo(404);
        ApiResponse unknownEvent = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key, "{\"event_id\":\"evt_nope\"}");
        assertThat(unknownEvent.status()).isEqualTo(404);
        assertThat(unknownEvent.field("param")).isEqualTo("event_id");
        ApiResponse unknownField = api.post("/v1/webhook-endpoints/" + id + "/mapping-preview", key, "{\"evt\":\"x\"}");
        assertThat(unknownField.field("param")).isEqualTo("evt");
    }

    private String endpoint(String key, String json) {
        ApiResponse created = api.post("/v1/webhook-endpoints", key, json);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.field("id");
    }
}
