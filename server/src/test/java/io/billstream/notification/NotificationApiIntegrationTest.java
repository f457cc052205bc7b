package io.billstream.notification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Recording notifications and reading them back, on the shared server, which (like the README's start
 * command) has no SMTP server configured: every notification is suppressed.
 */
class NotificationApiIntegrationTest extends IntegrationTest {

    private static final byte[] PDF = "%PDF-1.7 pretend invoice".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    Notifications notifications;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void without_an_smtp_server_a_notification_is_recorded_as_suppressed() throws InterruptedException {
        TenantFixture tenant = newTenant();
        String customer = createCustomer(tenant.adminKey(), "{\"email\":\"ap@globex.example\"}").field("id");
        String reader = apiKey(tenant.adminKey(), "billing:read");

        String id = request(tenant, new NotificationRequest("invoice.finalized", "ap@globex.example", "Invoice INV-2026-000001",
                "Your invoice is attached.", "<p>Your invoice is attached.</p>",
                List.of(new NotificationRequest.Attachment("INV-2026-000001.pdf", "application/pdf", PDF)), customer, "inv_123"));

        assertThat(id).startsWith("ntf_");
        JsonNode notification = get(reader, id);
        assertThat(notification.get("object").asString()).isEqualTo("notification");
        assertThat(notification.get("status").asString()).isEqualTo("suppressed");
        assertThat(notification.get("last_error").asString()).isEqualTo("no SMTP server configured");
        assertThat(notification.get("attempts").asInt()).isZero();
        assertThat(notification.get("next_attempt_at").isNull()).isTrue();
        assertThat(notification.get("sent_at").isNull()).isTrue();
        assertThat(notification.get("kind").asString()).isEqualTo("invoice.finalized");
        assertThat(notification.get("channel").asString()).isEqualTo("email");
        assertThat(notification.get("recipient").asString()).isEqualTo("ap@globex.example");
        assertThat(notification.get("subject").asString()).isEqualTo("Invoice INV-2026-000001");
        assertThat(notification.get("text_body").asString()).isEqualTo("Your invoice is attached.");
        assertThat(notification.get("html_body").asString()).isEqualTo("<p>Your invoice is attached.</p>");
        assertThat(notification.get("customer_id").asString()).isEqualTo(customer);
        assertThat(notification.get("related_object_id").asString()).isEqualTo("inv_123");
        JsonNode attachment = notification.get("attachments").get(0);
        assertThat(attachment.get("filename").asString()).isEqualTo("INV-2026-000001.pdf");
        assertThat(attachment.get("content_type").asString()).isEqualTo("application/pdf");
        assertThat(attachment.get("size").asLong()).isEqualTo(PDF.length);
        assertThat(attachment.has("content")).isFalse();

        ApiResponse xml = api.get("/v1/notifications/" + id, reader, "Accept", "application/xml");
        assertThat(xml.contentType()).startsWith("application/xml");
        assertThat(xml.body()).startsWith("<notification>").contains("<status>suppressed</status>", "<filename>INV-2026-000001.pdf</filename>");

        // Suppressed is final: the scheduler (ticking every 0.2 s here) never attempts it.
        Thread.sleep(1000);
        assertThat(get(reader, id).get("attempts").asInt()).isZero();
    }

    @Test
    void a_notification_exists_only_if_the_callers_transaction_commits() {
        TenantFixture tenant = newTenant();

        String[] rolledBack = new String[1];
        TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(status -> {
            rolledBack[0] = notifications.request(simple("ap@globex.example", "invoice.finalized", null, null));
            status.setRollbackOnly();
        }));

        assertThat(api.get("/v1/notifications/" + rolledBack[0], tenant.adminKey()).status()).isEqualTo(404);
        assertThat(list(tenant.adminKey(), "")).isEmpty();
    }

    @Test
    void requesting_outside_a_transaction_is_refused() {
        TenantFixture tenant = newTenant();

        assertThatThrownBy(() -> TenantContext.runAs(tenant.id(),
                () -> notifications.request(simple("ap@globex.example", "invoice.finalized", null, null))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void lists_are_newest_first_filtered_and_paginated() {
        TenantFixture tenant = newTenant();
        String globex = createCustomer(tenant.adminKey(), "{\"external_id\":\"globex\"}").field("id");
        String initech = createCustomer(tenant.adminKey(), "{\"external_id\":\"initech\"}").field("id");
        String first = request(tenant, simple("a@globex.example", "invoice.finalized", globex, "inv_1"));
        String second = request(tenant, simple("b@globex.example", "invoice.voided", globex, "inv_1"));
        String third = request(tenant, simple("c@initech.example", "invoice.finalized", initech, "inv_2"));
        String fourth = request(tenant, simple("d@example.com", "invoice.finalized", null, null));

        String key = tenant.adminKey();
        assertThat(ids(list(key, ""))).containsExactly(fourth, third, second, first);
        assertThat(ids(list(key, "kind=invoice.finalized"))).containsExactly(fourth, third, first);
        assertThat(ids(list(key, "customer_id=" + globex))).containsExactly(second, first);
        assertThat(ids(list(key, "customer_id=initech"))).as("by external_id").containsExactly(third);
        assertThat(ids(list(key, "related_object_id=inv_1"))).containsExactly(second, first);
        assertThat(ids(list(key, "status=suppressed&kind=invoice.finalized&customer_id=globex"))).containsExactly(first);
        assertThat(list(key, "status=sent")).isEmpty();
        assertThat(list(key, "customer_id=nobody")).isEmpty();
        assertThat(list(key, "")).allSatisfy(n -> {
            assertThat(n.get("text_body").isNull()).as("lists leave the bodies out").isTrue();
            assertThat(n.get("html_body").isNull()).isTrue();
        });

        JsonNode page = ok(api.get("/v1/notifications?limit=3", key));
        assertThat(ids(page.get("data"))).containsExactly(fourth, third, second);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = ok(api.get("/v1/notifications?limit=3&cursor=" + page.get("next_cursor").asString(), key));
        assertThat(ids(next.get("data"))).containsExactly(first);
        assertThat(next.get("has_more").asBoolean()).isFalse();
        assertThat(next.get("next_cursor").isNull()).isTrue();
    }

    @Test
    void an_unknown_status_is_refused_naming_the_parameter() {
        TenantFixture tenant = newTenant();

        ApiResponse response = api.get("/v1/notifications?status=delivered", tenant.adminKey());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("parameter_invalid");
        assertThat(response.json().get("param").asString()).isEqualTo("status");
    }

    @Test
    void reading_needs_billing_read_and_sees_only_the_callers_tenant() {
        TenantFixture tenant = newTenant();
        TenantFixture other = newTenant();
        String id = request(tenant, simple("ap@globex.example", "invoice.finalized", null, null));

        assertThat(api.get("/v1/notifications", apiKey(tenant.adminKey(), "usage:write")).status()).isEqualTo(403);
        assertThat(api.get("/v1/notifications/" + id, apiKey(tenant.adminKey(), "usage:write")).status()).isEqualTo(403);
        assertThat(api.get("/v1/notifications/" + id, other.adminKey()).status()).isEqualTo(404);
        assertThat(list(other.adminKey(), "")).isEmpty();
    }

    @Test
    void deleting_a_test_clock_deletes_the_notifications_of_its_customers() {
        TenantFixture tenant = newTenant();
        String key = tenant.adminKey();
        String clock = api.post("/v1/test-clocks", key, "{\"name\":\"t\",\"frozen_time\":\"2026-01-01T00:00:00Z\"}").field("id");
        String onClock = createCustomer(key, "{\"test_clock\":\"" + clock + "\"}").field("id");
        String real = createCustomer(key, "{}").field("id");
        String gone = request(tenant, new NotificationRequest("invoice.finalized", "a@b.co", "S", "B", null,
                List.of(new NotificationRequest.Attachment("a.pdf", "application/pdf", PDF)), onClock, null));
        String kept = request(tenant, simple("c@d.co", "invoice.finalized", real, null));

        assertThat(api.delete("/v1/test-clocks/" + clock, key).status()).isEqualTo(200);

        assertThat(api.get("/v1/notifications/" + gone, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/notifications/" + kept, key).status()).isEqualTo(200);
    }

    private String request(TenantFixture tenant, NotificationRequest request) {
        return TenantContext.callAs(tenant.id(), () -> transactions.execute(status -> notifications.request(request)));
    }

    private static NotificationRequest simple(String recipient, String kind, String customerId, String relatedObjectId) {
        return new NotificationRequest(kind, recipient, "Subject", "Body", null, List.of(), customerId, relatedObjectId);
    }

    private JsonNode get(String key, String id) {
        return ok(api.get("/v1/notifications/" + id, key));
    }

    private List<JsonNode> list(String key, String query) {
        List<JsonNode> all = new ArrayList<>();
        ok(api.get("/v1/notifications?limit=100&" + query, key)).get("data").forEach(all::add);
        return all;
    }

    private static List<String> ids(Iterable<JsonNode> notifications) {
        List<String> ids = new ArrayList<>();
        notifications.forEach(n -> ids.add(n.get("id").asString()));
        return ids;
    }

    private static JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }
}
