package io.billstream.customer;

import java.time.Instant;
import java.util.List;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerIntegrationTest extends IntegrationTest {

    private static final String FULL = """
            {"external_id":"crm-1001","name":"Acme Ltd","email":"billing@acme.test",
             "billing_address":{"line1":"1 Main St","city":"Berlin","postal_code":"10115","country":"de"},
             "tax_ids":[{"type":"eu_vat","value":"DE123456789"}],"currency":"eur","timezone":"Europe/Berlin",
             "billing_preferences":{"invoice_grace_period_days":3,"net_payment_terms_days":30,"preferred_payment_provider":"stripe"},
             "metadata":{"segment":"smb","owner":"ana"}}""";

    @Test
    void create_returns_the_customer_with_a_location_and_defaults() {
        var tenant = newTenant();

        ApiResponse created = api.post("/v1/customers", tenant.adminKey(), FULL);
        ApiResponse minimal = api.post("/v1/customers", tenant.adminKey(), "{}");

        assertThat(created.status()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("id").asString()).startsWith("cus_");
        assertThat(created.header("Location")).endsWith("/v1/customers/" + c.get("id").asString());
        assertThat(c.get("object").asString()).isEqualTo("customer");
        assertThat(c.get("currency").asString()).isEqualTo("EUR");
        assertThat(c.get("billing_address").get("country").asString()).isEqualTo("DE");
        assertThat(c.get("billing_preferences").get("net_payment_terms_days").asInt()).isEqualTo(30);
        assertThat(c.get("tax_ids").get(0).get("value").asString()).isEqualTo("DE123456789");
        assertThat(c.get("status").asString()).isEqualTo("active");
        assertThat(minimal.field("timezone")).isEqualTo("UTC");
        assertThat(minimal.json().get("billing_preferences").get("invoice_grace_period_days").asInt()).isZero();
        assertThat(minimal.json().get("metadata")).isEmpty();
    }

    @Test
    void a_customer_is_addressable_by_id_and_by_external_id_everywhere() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), FULL).field("id");

        assertThat(api.get("/v1/customers/crm-1001", tenant.adminKey()).field("id")).isEqualTo(id);
        assertThat(api.patch("/v1/customers/crm-1001", tenant.adminKey(), "{\"name\":\"Acme GmbH\"}").field("id")).isEqualTo(id);
        assertThat(api.get("/v1/billing-events?customer_id=crm-1001", tenant.adminKey()).json().get("data")).hasSize(2);
        assertThat(api.delete("/v1/customers/crm-1001", tenant.adminKey()).field("id")).isEqualTo(id);
    }

    @Test
    void external_ids_are_unique_per_tenant() {
        var tenant = newTenant();
        createCustomer(tenant.adminKey(), "{\"external_id\":\"dup\"}");
        String other = createCustomer(tenant.adminKey(), "{\"external_id\":\"other\"}").field("id");

        ApiResponse duplicate = api.post("/v1/customers", tenant.adminKey(), "{\"external_id\":\"dup\"}");
        ApiResponse renamedOntoIt = api.patch("/v1/customers/" + other, tenant.adminKey(), "{\"external_id\":\"dup\"}");

        for (ApiResponse response : List.of(duplicate, renamedOntoIt)) {
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.field("code")).isEqualTo("external_id_taken");
            assertThat(response.field("param")).isEqualTo("external_id");
        }
    }

    @Test
    void patch_merges_fields_clears_nulls_and_merges_metadata_by_key() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), FULL).field("id");

        ApiResponse patched = api.patch("/v1/customers/" + id, tenant.adminKey(), """
                {"email":null,"billing_preferences":{"net_payment_terms_days":14},
                 "metadata":{"owner":null,"region":"eu"}}""");

        JsonNode c = patched.json();
        assertThat(patched.status()).isEqualTo(200);
        assertThat(c.get("name").asString()).isEqualTo("Acme Ltd");
        assertThat(c.get("email").isNull()).isTrue();
        assertThat(c.get("billing_preferences").get("net_payment_terms_days").asInt()).isEqualTo(14);
        assertThat(c.get("billing_preferences").get("invoice_grace_period_days").asInt()).isEqualTo(3);
        assertThat(c.get("metadata").propertyNames()).containsExactlyInAnyOrder("segment", "region");
        assertThat(c.get("tax_ids")).hasSize(1);
        assertThat(api.get("/v1/customers/" + id, tenant.adminKey()).body()).isEqualTo(patched.body());
    }

    @Test
    void patch_null_restores_defaults_inside_billing_preferences() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), FULL).field("id");

        JsonNode provider = api.patch("/v1/customers/" + id, tenant.adminKey(),
                "{\"billing_preferences\":{\"preferred_payment_provider\":null}}").json().get("billing_preferences");
        JsonNode reset = api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"billing_preferences\":null}")
                .json().get("billing_preferences");

        assertThat(provider.get("preferred_payment_provider").isNull()).isTrue();
        assertThat(provider.get("net_payment_terms_days").asInt()).isEqualTo(30);
        assertThat(reset.get("net_payment_terms_days").asInt()).isZero();
        assertThat(reset.get("invoice_grace_period_days").asInt()).isZero();
    }

    @Test
    void archive_keeps_the_customer_refuses_changes_and_is_idempotent() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), "{\"name\":\"Leaving\"}").field("id");

        ApiResponse archived = api.delete("/v1/customers/" + id, tenant.adminKey());
        ApiResponse again = api.delete("/v1/customers/" + id, tenant.adminKey());
        ApiResponse change = api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"name\":\"Back\"}");

        assertThat(archived.status()).isEqualTo(200);
        assertThat(archived.field("status")).isEqualTo("archived");
        assertThat(archived.field("archived_at")).isNotNull();
        assertThat(again.field("archived_at")).isEqualTo(archived.field("archived_at"));
        assertThat(change.status()).isEqualTo(409);
        assertThat(change.field("code")).isEqualTo("customer_archived");
        ApiResponse sameValues = api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"name\":\"Leaving\"}");
        assertThat(sameValues.status()).as("even a change to nothing").isEqualTo(409);
        assertThat(api.get("/v1/customers/" + id, tenant.adminKey()).field("status")).isEqualTo("archived");
        assertThat(api.get("/v1/billing-events?type=customer.archived", tenant.adminKey()).json().get("data")).hasSize(1);
    }

    @Test
    void list_filters_by_status_email_external_id_text_and_created_range() {
        var tenant = newTenant();
        String ada = createCustomer(tenant.adminKey(), "{\"name\":\"Ada Lovelace\",\"email\":\"Ada@Example.test\",\"external_id\":\"u-ada\"}").field("id");
        String alan = createCustomer(tenant.adminKey(), "{\"name\":\"Alan Turing\",\"email\":\"alan@example.test\"}").field("id");
        String grace = createCustomer(tenant.adminKey(), "{\"name\":\"Grace 100%\",\"email\":\"grace@navy.test\"}").field("id");
        api.delete("/v1/customers/" + alan, tenant.adminKey());
        String between = api.get("/v1/customers/" + alan, tenant.adminKey()).field("created_at");

        assertThat(ids(tenant.adminKey(), "status=archived")).containsExactly(alan);
        assertThat(ids(tenant.adminKey(), "status=active")).containsExactly(grace, ada);
        assertThat(ids(tenant.adminKey(), "email=ada@example.test")).containsExactly(ada);
        assertThat(ids(tenant.adminKey(), "external_id=u-ada")).containsExactly(ada);
        assertThat(ids(tenant.adminKey(), "q=turing")).containsExactly(alan);
        assertThat(ids(tenant.adminKey(), "q=example.test")).containsExactly(alan, ada);
        assertThat(ids(tenant.adminKey(), "q=100%25")).as("a % in q is literal").containsExactly(grace);
        assertThat(ids(tenant.adminKey(), "created_from=" + between)).containsExactly(grace, alan);
        assertThat(ids(tenant.adminKey(), "created_to=" + between)).containsExactly(ada);
        assertThat(ids(tenant.adminKey(), "created_from=" + Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void every_change_writes_a_billing_event_with_a_growing_sequence() {
        var tenant = newTenant();
        String id = createCustomer(tenant.adminKey(), "{\"name\":\"Evented\",\"email\":\"e@x.test\"}").field("id");
        api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"name\":\"Evented Inc\"}");
        api.patch("/v1/customers/" + id, tenant.adminKey(), "{\"name\":\"Evented Inc\"}"); // no change, no event
        api.delete("/v1/customers/" + id, tenant.adminKey());

        JsonNode events = api.get("/v1/billing-events?order=asc", tenant.adminKey()).json().get("data");

        assertThat(events).hasSize(3);
        assertThat(events.get(0).get("type").asString()).isEqualTo("customer.created");
        assertThat(events.get(1).get("type").asString()).isEqualTo("customer.updated");
        assertThat(events.get(2).get("type").asString()).isEqualTo("customer.archived");
        assertThat(List.of(events.get(0).get("sequence").asLong(), events.get(1).get("sequence").asLong(),
                events.get(2).get("sequence").asLong())).containsExactly(1L, 2L, 3L);
        for (JsonNode event : events) {
            assertThat(event.get("id").asString()).startsWith("evt_");
            assertThat(event.get("customer_id").asString()).isEqualTo(id);
            assertThat(event.get("request_id").asString()).startsWith("req_");
            assertThat(event.get("data").get("object").get("id").asString()).isEqualTo(id);
        }
        JsonNode update = events.get(1).get("data");
        assertThat(update.get("object").get("name").asString()).isEqualTo("Evented Inc");
        assertThat(update.get("previous_attributes").propertyNames()).containsExactly("name");
        assertThat(update.get("previous_attributes").get("name").asString()).isEqualTo("Evented");
        String eventId = events.get(1).get("id").asString();
        assertThat(api.get("/v1/billing-events/" + eventId, tenant.adminKey()).field("type")).isEqualTo("customer.updated");
        assertThat(api.get("/v1/billing-events?type=customer.*", tenant.adminKey()).json().get("data")).hasSize(3);
        assertThat(api.get("/v1/billing-events?type=customer.created,customer.archived", tenant.adminKey()).json().get("data")).hasSize(2);
        assertThat(api.get("/v1/billing-events?type=invoice.*", tenant.adminKey()).json().get("data")).isEmpty();
        assertThat(api.get("/v1/billing-events?order=asc", tenant.adminKey()).field("next_cursor"))
                .as("a consumer following the log always gets a cursor to resume from").isNotNull();
        String after = events.get(0).get("occurred_at").asString();
        assertThat(api.get("/v1/billing-events?occurred_to=" + after, tenant.adminKey()).json().get("data")).isEmpty();
    }

    @Test
    void every_mutating_request_writes_an_audit_record_with_actor_request_and_changes() {
        var tenant = newTenant();
        String writer = apiKey(tenant.adminKey(), "billing:write", "billing:read");
        ApiResponse created = createCustomer(writer, "{\"name\":\"Audited\"}");
        String id = created.field("id");
        ApiResponse patched = api.patch("/v1/customers/" + id, writer, "{\"email\":\"a@b.test\"}");
        api.delete("/v1/customers/" + id, writer);

        JsonNode records = api.get("/v1/audit-logs?resource_id=" + id, tenant.adminKey()).json().get("data");

        assertThat(records).hasSize(3);
        assertThat(records.get(0).get("action").asString()).isEqualTo("customer.archive");
        assertThat(records.get(1).get("action").asString()).isEqualTo("customer.update");
        assertThat(records.get(2).get("action").asString()).isEqualTo("customer.create");
        JsonNode update = records.get(1);
        assertThat(update.get("actor_type").asString()).isEqualTo("api_key");
        assertThat(update.get("actor_id").asString()).startsWith("key_");
        assertThat(update.get("request_id").asString()).isEqualTo(patched.header("Request-Id"));
        assertThat(update.get("changes").get("email").get("from").isNull()).isTrue();
        assertThat(update.get("changes").get("email").get("to").asString()).isEqualTo("a@b.test");
        assertThat(records.get(2).get("request_id").asString()).isEqualTo(created.header("Request-Id"));
        assertThat(api.get("/v1/audit-logs", writer).status()).as("audit logs need admin").isEqualTo(403);
    }

    @Test
    void a_consumer_following_the_log_resumes_exactly_after_the_last_event_it_saw() {
        var tenant = newTenant();
        createCustomer(tenant.adminKey(), "{\"name\":\"one\"}");
        createCustomer(tenant.adminKey(), "{\"name\":\"two\"}");
        ApiResponse caughtUp = api.get("/v1/billing-events?order=asc", tenant.adminKey());
        assertThat(caughtUp.json().get("data")).hasSize(2);
        String cursor = caughtUp.field("next_cursor");

        ApiResponse nothingNew = api.get("/v1/billing-events?order=asc&cursor=" + cursor, tenant.adminKey());
        createCustomer(tenant.adminKey(), "{\"name\":\"three\"}");
        ApiResponse news = api.get("/v1/billing-events?order=asc&cursor=" + nothingNew.field("next_cursor"), tenant.adminKey());

        assertThat(nothingNew.json().get("data")).isEmpty();
        assertThat(nothingNew.field("next_cursor")).isEqualTo(cursor);
        assertThat(news.json().get("data")).hasSize(1);
        assertThat(news.json().get("data").get(0).get("sequence").asLong()).isEqualTo(3);
        assertThat(news.json().get("data").get(0).get("data").get("object").get("name").asString()).isEqualTo("three");
    }

    private List<String> ids(String key, String query) {
        ApiResponse page = api.get("/v1/customers?" + query, key);
        assertThat(page.status()).as(query + " -> " + page).isEqualTo(200);
        return page.json().get("data").valueStream().map(c -> c.get("id").asString()).toList();
    }
}
