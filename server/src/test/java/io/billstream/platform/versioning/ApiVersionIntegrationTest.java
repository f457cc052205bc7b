package io.billstream.platform.versioning;

import java.util.List;
import java.util.Set;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version pinning, with a later version that exists only in this test. It pretends the code's
 * customer shape (with {@code email}) is that of 2027-01-01, which renamed the field from
 * {@code contact_email}: callers on 2026-11-01 must then see {@code contact_email}, callers on
 * 2027-01-01 the shape the code writes.
 */
class ApiVersionIntegrationTest extends IntegrationTest {

    static final String FIRST = ApiVersions.LATEST;
    static final String LATER = "2027-01-01";

    /** 2027-01-01: customer.contact_email renamed email. */
    static final VersionChange EMAIL_RENAMED = new VersionChange() {
        @Override
        public String description() {
            return "customer: contact_email renamed email";
        }

        @Override
        public Set<String> objectTypes() {
            return Set.of("customer");
        }

        @Override
        public void downgrade(ObjectNode customer) {
            if (customer.has("email")) {
                customer.set("contact_email", customer.remove("email"));
            }
        }
    };

    @Autowired
    ApiVersions versions;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    private ApiVersions.Registration later;

    @BeforeEach
    void registerLaterVersion() {
        later = versions.register(new ApiVersion(LATER, List.of(EMAIL_RENAMED)));
    }

    @AfterEach
    void removeLaterVersion() {
        later.close();
    }

    @Test
    void aKeyPinnedToTheOlderVersionSeesTheOldFieldName() {
        TenantFixture tenant = newTenant();
        String oldKey = key(tenant.adminKey(), FIRST);
        String customer = createCustomer(tenant.adminKey(), "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}").field("id");

        ApiResponse old = api.get("/v1/customers/" + customer, oldKey);
        ApiResponse oldList = api.get("/v1/customers", oldKey);

        assertThat(old.header("Billstream-Version")).isEqualTo(FIRST);
        assertThat(old.json().get("contact_email").asString()).isEqualTo("ada@example.com");
        assertThat(old.json().has("email")).isFalse();
        // Through lists too.
        assertThat(oldList.json().get("data").get(0).get("contact_email").asString()).isEqualTo("ada@example.com");
        assertThat(oldList.json().get("data").get(0).has("email")).isFalse();
    }

    @Test
    void aKeyPinnedToTheNewerVersionOrTheHeaderSeesTheNewName() {
        TenantFixture tenant = newTenant();
        String newKey = key(tenant.adminKey(), LATER);
        String oldKey = key(tenant.adminKey(), FIRST);
        String customer = createCustomer(tenant.adminKey(), "{\"name\":\"Ada\",\"email\":\"ada@example.com\"}").field("id");

        ApiResponse pinned = api.get("/v1/customers/" + customer, newKey);
        ApiResponse overridden = api.get("/v1/customers/" + customer, oldKey, "Billstream-Version", LATER);
        ApiResponse downgraded = api.get("/v1/customers/" + customer, newKey, "Billstream-Version", FIRST);

        assertThat(pinned.header("Billstream-Version")).isEqualTo(LATER);
        assertThat(pinned.json().get("email").asString()).isEqualTo("ada@example.com");
        assertThat(pinned.json().has("contact_email")).isFalse();
        assertThat(overridden.header("Billstream-Version")).isEqualTo(LATER);
        assertThat(overridden.json().get("email").asString()).isEqualTo("ada@example.com");
        assertThat(downgraded.header("Billstream-Version")).isEqualTo(FIRST);
        assertThat(downgraded.json().get("contact_email").asString()).isEqualTo("ada@example.com");
    }

    @Test
    void keysArePinnedToTheNewestVersionUnlessTheyAskAndTheVersionMustBeKnown() {
        TenantFixture tenant = newTenant();

        ApiResponse byDefault = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"default\"}");
        ApiResponse pinned = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"old\",\"api_version\":\"" + FIRST + "\"}");
        ApiResponse unknown = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"x\",\"api_version\":\"2020-01-01\"}");
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{\"name\":\"c\",\"api_version\":\"" + FIRST + "\"}");

        assertThat(byDefault.field("api_version")).isEqualTo(LATER);
        assertThat(pinned.field("api_version")).isEqualTo(FIRST);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field("code")).isEqualTo("unknown_api_version");
        assertThat(unknown.field("param")).isEqualTo("api_version");
        assertThat(client.status()).as(client.toString()).isEqualTo(201);
        assertThat(client.field("api_version")).isEqualTo(FIRST);
    }

    @Test
    void anUnknownVersionHeaderIsRefused() {
        TenantFixture tenant = newTenant();

        ApiResponse response = api.get("/v1/customers", tenant.adminKey(), "Billstream-Version", "2019-05-05");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).isEqualTo("unknown_api_version");
        assertThat(response.field("param")).isEqualTo("Billstream-Version");
    }

    @Test
    void webhookPayloadsAreRenderedTheSameWayThroughEventData() {
        JsonNode event = json.readTree("""
                {"object":"list","data":[{"object":"event","id":"evt_1","type":"customer.updated",
                 "data":{"object":{"object":"customer","id":"cus_1","email":"ada@example.com"},
                         "previous_attributes":{"email":"old@example.com"}}}]}
                """);

        JsonNode old = versions.render(event, FIRST);
        JsonNode newest = versions.render(event, LATER);

        JsonNode customer = old.get("data").get(0).get("data").get("object");
        assertThat(customer.get("contact_email").asString()).isEqualTo("ada@example.com");
        assertThat(customer.has("email")).isFalse();
        assertThat(newest).isEqualTo(event);
        // The input is left as it was: the newest shape may be delivered to other endpoints.
        assertThat(event.get("data").get(0).get("data").get("object").has("email")).isTrue();
    }

    @Test
    void billingEventsRecordTheVersionOfTheRequestThatWroteThem() {
        TenantFixture tenant = newTenant();
        String oldKey = key(tenant.adminKey(), FIRST);

        String pinned = createCustomer(oldKey, "{\"name\":\"Pinned\"}").field("id");
        String overridden = api.post("/v1/customers", oldKey, "{\"name\":\"Header\"}", "Billstream-Version", LATER).field("id");

        assertThat(eventVersion(tenant.id(), pinned)).isEqualTo(FIRST);
        assertThat(eventVersion(tenant.id(), overridden)).isEqualTo(LATER);
    }

    @Test
    void theVersionIsTheNewestOutsideARequestAndVersionsMustBeDates() {
        assertThat(versions.current()).isEqualTo(ApiVersions.LATEST);
        assertThat(versions.known(LATER)).isTrue();
        assertThat(versions.known("2027-02-01")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ApiVersion("next", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> versions.register(new ApiVersion("2026-01-01", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String eventVersion(String tenantId, String customerId) {
        return TenantContext.callAs(tenantId, () -> jdbc.sql(
                        "SELECT api_version FROM billing_events WHERE customer_id = :customer AND type = 'customer.created'")
                .param("customer", customerId).query(String.class).single());
    }

    private String key(String adminKey, String version) {
        ApiResponse key = api.post("/v1/api-keys", adminKey, "{\"name\":\"v\",\"api_version\":\"" + version + "\"}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.field("secret");
    }
}
