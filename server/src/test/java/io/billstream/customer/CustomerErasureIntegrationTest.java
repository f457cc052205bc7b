package io.billstream.customer;

import java.util.List;

import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure: afterwards no personal value of the customer is left in the customer row, the billing
 * events, the e-mails or the audit log (checked in the database as its owner), while the issued
 * invoice still shows the buyer's name, address and tax ID.
 */
class CustomerErasureIntegrationTest extends BillingIntegrationTest {

    private static final String NAME = "Ana Lima-Ferreira";
    private static final String OLD_EMAIL = "ana.lima@example.org";
    private static final String EMAIL = "ana.ferreira@example.org";
    private static final String LINE1 = "Rua das Flores 12";
    private static final String POSTAL_CODE = "4050-262";
    private static final String TAX_ID = "PT509876543";
    private static final String EXTERNAL_ID = "crm-ana-4711";
    private static final String PHONE = "+351 912 345 678";
    /** What the law keeps on the issued invoice; everything else must go everywhere. */
    private static final List<String> ON_INVOICE = List.of(NAME, LINE1, POSTAL_CODE, TAX_ID);
    private static final List<String> PERSONAL = List.of(NAME, OLD_EMAIL, EMAIL, LINE1, POSTAL_CODE, TAX_ID, EXTERNAL_ID, PHONE);

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Test
    void erasure_leaves_no_personal_data_but_the_invoice_keeps_what_it_must() {
        var tenant = newTenant();
        String key = tenant.adminKey();
        String customer = createCustomer(key, """
                {"external_id":"%s","name":"%s","email":"%s","currency":"EUR",
                 "billing_address":{"line1":"%s","city":"Porto","postal_code":"%s","country":"PT"},
                 "tax_ids":[{"type":"eu_vat","value":"%s"}],"metadata":{"phone":"%s"}}"""
                .formatted(EXTERNAL_ID, NAME, OLD_EMAIL, LINE1, POSTAL_CODE, TAX_ID, PHONE)).field("id");
        // The old address lives on only in the update event's previous_attributes.
        ok(api.patch("/v1/customers/" + customer, key, "{\"email\":\"" + EMAIL + "\"}"));
        JsonNode invoice = created(api.post("/v1/invoices", key, """
                {"customer":"%s","auto_finalize":true,"lines":[{"description":"Consulting","unit_price":"150.00"}]}"""
                .formatted(customer)));
        String invoiceId = invoice.get("id").asString();
        assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        assertThat(owner().sql("SELECT count(*) FROM notifications WHERE customer_id = ?").param(customer).query(Long.class).single())
                .as("the invoice e-mail was recorded").isPositive();
        // An e-mail still waiting to go out, as if SMTP were down.
        owner().sql("""
                INSERT INTO notifications (id, tenant_id, kind, channel, recipient, subject, text_body, customer_id, status,
                                           next_attempt_at, created_at, updated_at)
                VALUES ('ntf_erasure_queued', ?, 'invoice.finalized', 'email', ?, ?, ?, ?, 'queued', '2100-01-01', now(), now())
                """).param(tenant.id()).param(EMAIL).param("Invoice for " + NAME).param("Dear " + NAME + ", see " + LINE1)
                .param(customer).update();
        assertThat(personalDataIn(tenant.id(), customer)).as("before erasure, the test finds the data").contains(NAME, EMAIL, PHONE);

        ApiResponse response = api.post("/v1/customers/" + customer + "/erase", key, "", "Idempotency-Key", "erase-ana");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode erased = response.json();
        assertThat(erased.get("id").asString()).isEqualTo(customer);
        for (String field : List.of("name", "email", "billing_address", "external_id")) {
            assertThat(erased.get(field).isNull()).as(field).isTrue();
        }
        assertThat(erased.get("tax_ids")).isEmpty();
        assertThat(erased.get("metadata").isEmpty()).isTrue();
        assertThat(erased.get("status").asString()).isEqualTo("archived");

        assertThat(personalDataIn(tenant.id(), customer)).as("no personal value left in customers, events, e-mails, audit").isEmpty();
        assertThat(owner().sql("SELECT status || '|' || recipient FROM notifications WHERE id = 'ntf_erasure_queued'")
                .query(String.class).single()).isEqualTo("suppressed|erased@erased.invalid");
        assertThat(owner().sql("SELECT count(*) FROM notification_attachments a JOIN notifications n ON n.id = a.notification_id "
                + "WHERE n.customer_id = ?").param(customer).query(Long.class).single()).isZero();

        // The invoice, as the law wants it kept.
        String html = api.get("/v1/invoices/" + invoiceId + "/html", key).body();
        assertThat(html).contains(NAME, LINE1, POSTAL_CODE, TAX_ID).doesNotContain(EMAIL, EXTERNAL_ID);
        JsonNode snapshot = tools.jackson.databind.json.JsonMapper.builder().build().readTree(owner()
                .sql("SELECT customer_snapshot::text FROM invoices WHERE id = ?").param(invoiceId).query(String.class).single());
        assertThat(snapshot.get("name").asString()).isEqualTo(NAME);
        assertThat(snapshot.get("email").isNull()).isTrue();

        // The event, the audit record, a chain still valid after the redaction.
        List<JsonNode> events = events(key, customer);
        assertThat(events.stream().filter(e -> e.get("type").asString().equals("customer.erased"))).hasSize(1);
        assertThat(events.getLast().get("data").get("object").get("email").isNull()).isTrue();
        JsonNode auditRecord = ok(api.get("/v1/audit-logs?action=customer.erase", key)).get("data");
        assertThat(auditRecord).hasSize(1);
        assertThat(auditRecord.get(0).get("resource_id").asString()).isEqualTo(customer);
        JsonNode chain = ok(api.get("/v1/audit-logs/verify", key));
        assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.get("redacted_rows").asLong()).isPositive();

        // Never e-mailed again: no address can be set on it.
        ApiResponse readdressed = api.patch("/v1/customers/" + customer, key, "{\"email\":\"ana@example.net\"}");
        assertThat(readdressed.status()).isEqualTo(409);
        assertThat(ok(api.get("/v1/customers/" + customer, key)).get("email").isNull()).isTrue();

        // The same key replays the stored response; erasing again without one changes nothing.
        ApiResponse replay = api.post("/v1/customers/" + customer + "/erase", key, "", "Idempotency-Key", "erase-ana");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(response.body());
        assertThat(ok(api.post("/v1/customers/" + customer + "/erase", key, "")).get("status").asString()).isEqualTo("archived");
        assertThat(eventTypes(key, customer).stream().filter("customer.erased"::equals)).hasSize(1);
    }

    @Test
    void erasure_needs_an_admin_key_and_an_existing_customer() {
        var tenant = newTenant();
        String customer = createCustomer(tenant.adminKey(), "{\"name\":\"Kept\"}").field("id");
        String writer = apiKey(tenant.adminKey(), "billing:read", "billing:write");

        assertThat(api.post("/v1/customers/" + customer + "/erase", writer, "").status()).isEqualTo(403);
        assertThat(api.post("/v1/customers/cus_missing/erase", tenant.adminKey(), "").status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/customers/" + customer, tenant.adminKey())).get("name").asString()).isEqualTo("Kept");
    }

    /** The personal values still found anywhere in the customer row, its events, its e-mails or the tenant's audit log. */
    private List<String> personalDataIn(String tenantId, String customer) {
        return PERSONAL.stream().filter(value -> owner().sql("""
                SELECT EXISTS (SELECT 1 FROM customers c WHERE c.id = :customer AND strpos(c::text, :value) > 0)
                    OR EXISTS (SELECT 1 FROM billing_events e WHERE e.tenant_id = :tenant AND strpos(e.data::text, :value) > 0)
                    OR EXISTS (SELECT 1 FROM notifications n WHERE n.tenant_id = :tenant AND strpos(n::text, :value) > 0)
                    OR EXISTS (SELECT 1 FROM audit_logs a WHERE a.tenant_id = :tenant AND strpos(a.changes::text, :value) > 0)
                    OR EXISTS (SELECT 1 FROM payment_methods p WHERE p.customer_id = :customer AND strpos(p::text, :value) > 0)
                """).param("customer", customer).param("tenant", tenantId).param("value", value).query(Boolean.class).single())
                .toList();
    }

    private JdbcClient owner() {
        return JdbcClient.create(ownerDataSource);
    }
}
