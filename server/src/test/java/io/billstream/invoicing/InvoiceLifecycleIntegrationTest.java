package io.billstream.invoicing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.billstream.support.ApiResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invoice API: one-off invoices and their validation, finalize, void, mark-uncollectible,
 * gap-free numbers, list filters and the billing events each step writes.
 */
class InvoiceLifecycleIntegrationTest extends InvoicingIntegrationTest {

    static final Instant MAR_1 = Instant.parse("2026-03-01T00:00:00Z");

    String acme;

    @BeforeEach
    void customer() {
        tenantAt(MAR_1);
        acme = customer("acme", "USD", "\"billing_preferences\":{\"net_payment_terms_days\":30}");
    }

    @Test
    void a_one_off_invoice_names_the_field_it_refuses() {
        assertInvalid("{\"lines\":[{\"description\":\"x\",\"unit_price\":\"1\"}]}", "customer");
        assertInvalid("{\"customer\":\"nobody\",\"lines\":[{\"description\":\"x\",\"unit_price\":\"1\"}]}", "customer");
        assertInvalid("{\"customer\":\"acme\"}", "lines");
        assertInvalid("{\"customer\":\"acme\",\"lines\":[{\"description\":\"x\"}]}", "lines[0].unit_price");
        assertInvalid("{\"customer\":\"acme\",\"lines\":[{\"description\":\"x\",\"unit_price\":\"-1\"}]}", "lines[0].unit_price");
        assertInvalid("{\"customer\":\"acme\",\"lines\":[{\"description\":\"x\",\"unit_price\":\"0.0000000000001\"}]}",
                "lines[0].unit_price");
        assertInvalid("{\"customer\":\"acme\",\"lines\":[{\"description\":\"x\",\"quantity\":\"0\",\"unit_price\":\"1\"}]}",
                "lines[0].quantity");
        assertInvalid("{\"customer\":\"acme\",\"lines\":[{\"description\":\"x\",\"unit_price\":\"1\"},{\"unit_price\":\"1\"}]}",
                "lines[1].description");
        assertThat(ok(api.get("/v1/invoices", key)).get("data")).isEmpty();
    }

    @Test
    void a_one_off_draft_stays_a_draft_until_it_is_finalised() {
        JsonNode draft = created(api.post("/v1/invoices", key, """
                {"customer":"acme","memo":"March services","metadata":{"po":"PO-7"},
                 "lines":[{"description":"Consulting","quantity":"3","unit_price":"150.00"},
                          {"description":"Travel","unit_price":"89.995"}]}"""));
        // 3 × 150.00 = 450.00; 89.995 → 90.00 (half up).
        assertThat(lines(draft)).containsExactly("manual|Consulting|3|150|45000", "manual|Travel|1|89.995|9000");
        assertThat(draft.get("total_minor").asLong()).isEqualTo(54000);
        assertThat(draft.get("status").asString()).isEqualTo("draft");
        assertThat(draft.get("billing_reason").asString()).isEqualTo("manual");
        assertThat(draft.get("number").isNull()).isTrue();
        assertThat(draft.get("subscription_id").isNull()).isTrue();
        assertThat(draft.get("finalize_at").isNull()).isTrue();
        String id = draft.get("id").asString();

        advanceTo(MAR_1.plusSeconds(86_400));
        assertThat(invoice(id).get("status").asString()).isEqualTo("draft");

        JsonNode issued = ok(api.post("/v1/invoices/" + id + "/finalize", key, null));
        assertThat(issued.get("status").asString()).isEqualTo("finalized");
        assertThat(issued.get("number").asString()).isEqualTo("INV-2026-000001");
        assertThat(issued.get("issued_at").asString()).isEqualTo("2026-03-02T00:00:00Z");
        assertThat(issued.get("due_at").asString()).isEqualTo("2026-04-01T00:00:00Z");
        assertThat(issued.get("memo").asString()).isEqualTo("March services");
        assertThat(issued.get("metadata").get("po").asString()).isEqualTo("PO-7");
    }

    @Test
    void finalised_invoices_are_voided_or_written_off_and_each_step_writes_its_event() {
        String a = draft("Consulting", "100");
        ok(api.post("/v1/invoices/" + a + "/finalize", key, null));
        JsonNode written = ok(api.post("/v1/invoices/" + a + "/mark-uncollectible", key, null));
        assertThat(written.get("status").asString()).isEqualTo("uncollectible");
        assertThat(written.get("uncollectible_at").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertConflict(api.post("/v1/invoices/" + a + "/mark-uncollectible", key, null), "invoice_not_open");
        JsonNode voidedA = ok(api.post("/v1/invoices/" + a + "/void", key, null));
        assertThat(voidedA.get("status").asString()).isEqualTo("void");
        assertThat(voidedA.get("amount_due_minor").asLong()).isZero();

        String b = draft("Licence", "250");
        assertConflict(api.post("/v1/invoices/" + b + "/void", key, null), "invoice_not_voidable");
        assertConflict(api.post("/v1/invoices/" + b + "/mark-uncollectible", key, null), "invoice_not_open");
        JsonNode issuedB = ok(api.post("/v1/invoices/" + b + "/finalize", key, null));
        assertThat(issuedB.get("number").asString()).isEqualTo("INV-2026-000002");
        assertThat(issuedB.get("amount_due_minor").asLong()).isEqualTo(25000);
        JsonNode voidedB = ok(api.post("/v1/invoices/" + b + "/void", key, null));
        assertThat(voidedB.get("status").asString()).isEqualTo("void");
        assertThat(voidedB.get("voided_at").asString()).isEqualTo("2026-03-01T00:00:00Z");
        assertThat(voidedB.get("total_minor").asLong()).isEqualTo(25000);
        assertConflict(api.post("/v1/invoices/" + b + "/void", key, null), "invoice_not_voidable");
        assertConflict(api.post("/v1/invoices/" + b + "/mark-uncollectible", key, null), "invoice_not_open");

        // Nothing to pay: paid on issue.
        JsonNode free = created(api.post("/v1/invoices", key, """
                {"customer":"acme","auto_finalize":true,"lines":[{"description":"Goodwill visit","unit_price":"0"}]}"""));
        assertThat(free.get("status").asString()).isEqualTo("paid");
        assertThat(free.get("number").asString()).isEqualTo("INV-2026-000003");
        assertThat(free.get("amount_due_minor").asLong()).isZero();
        assertThat(free.get("paid_at").asString()).isEqualTo("2026-03-01T00:00:00Z");
        String c = free.get("id").asString();
        ApiResponse paidVoid = api.post("/v1/invoices/" + c + "/void", key, null);
        assertConflict(paidVoid, "credit_note_required");
        assertThat(invoice(c).get("status").asString()).isEqualTo("paid");

        List<String> seen = new ArrayList<>();
        for (JsonNode event : events(key, acme)) {
            String type = event.get("type").asString();
            if (type.startsWith("invoice.")) {
                String invoiceId = event.get("data").get("object").get("id").asString();
                seen.add(type + " " + (invoiceId.equals(a) ? "a" : invoiceId.equals(b) ? "b" : invoiceId.equals(c) ? "c" : "?"));
            }
        }
        assertThat(seen).containsExactly("invoice.created a", "invoice.finalized a", "invoice.marked_uncollectible a",
                "invoice.voided a", "invoice.created b", "invoice.finalized b", "invoice.voided b", "invoice.created c",
                "invoice.finalized c", "invoice.paid c");
    }

    @Test
    void numbers_have_no_gap_when_a_finalisation_fails_and_rolls_back() {
        String first = draft("First", "1");
        String second = draft("Second", "2");
        String third = draft("Third", "3");
        assertThat(ok(api.post("/v1/invoices/" + first + "/finalize", key, null)).get("number").asString())
                .isEqualTo("INV-2026-000001");
        // The issuing update fails after the number was drawn: the whole finalisation rolls back.
        owner().sql("""
                CREATE FUNCTION refuse_issue() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'simulated failure while issuing %', NEW.id;
                END $$""").update();
        owner().sql(("CREATE TRIGGER refuse_issue BEFORE UPDATE ON invoices FOR EACH ROW WHEN "
                + "(OLD.status = 'draft' AND NEW.status <> 'draft' AND NEW.tenant_id = '%s') EXECUTE FUNCTION refuse_issue()")
                .formatted(tenantId)).update();
        try {
            ApiResponse failed = api.post("/v1/invoices/" + second + "/finalize", key, null);
            assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        } finally {
            owner().sql("DROP TRIGGER refuse_issue ON invoices").update();
            owner().sql("DROP FUNCTION refuse_issue()").update();
        }
        assertThat(invoice(second).get("status").asString()).isEqualTo("draft");
        assertThat(invoice(second).get("number").isNull()).isTrue();

        assertThat(ok(api.post("/v1/invoices/" + third + "/finalize", key, null)).get("number").asString())
                .isEqualTo("INV-2026-000002");
        assertThat(ok(api.post("/v1/invoices/" + second + "/finalize", key, null)).get("number").asString())
                .isEqualTo("INV-2026-000003");
    }

    @Test
    void the_list_filters_by_status_customer_subscription_dates_and_totals_and_pages_by_cursor() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000}""");
        String subscription = subscribe("acme", "pro", "");
        String globex = customer("globex", "USD", "");
        String draft = draft("Pending work", "5");
        advanceTo(Instant.parse("2026-03-10T00:00:00Z"));
        // The run of 1 March: issued then, due 31 March (made during the advance, so newer than the draft).
        String run = invoices(acme).stream().filter(i -> i.get("billing_reason").asString().equals("subscription_cycle"))
                .findFirst().orElseThrow().get("id").asString();
        // Issued 10 March: globex's due at once, acme's on 9 April.
        String globexInvoice = issued("globex", "123.45");
        String acmeInvoice = issued("acme", "70");

        assertThat(ids("status=draft")).containsExactly(draft);
        assertThat(ids("status=finalized")).containsExactly(acmeInvoice, globexInvoice, run);
        assertThat(ids("customer=globex")).containsExactly(globexInvoice);
        assertThat(ids("customer=" + acme)).containsExactly(acmeInvoice, run, draft);
        assertThat(ids("subscription=" + subscription)).containsExactly(run);
        assertThat(ids("issued_from=2026-03-05T00:00:00Z")).containsExactly(acmeInvoice, globexInvoice);
        assertThat(ids("issued_to=2026-03-01T00:00:00Z")).containsExactly(run);
        assertThat(ids("due_from=2026-04-01T00:00:00Z")).containsExactly(acmeInvoice);
        assertThat(ids("due_to=2026-03-10T00:00:00Z")).containsExactly(globexInvoice);
        assertThat(ids("due_from=2026-03-31T00:00:00Z&due_to=2026-03-31T00:00:00Z")).containsExactly(run);
        // An offset sent unencoded: the query string turns its '+' into a space, which is put back (02:00+02:00 is 00:00Z).
        assertThat(ids("due_from=2026-03-31T02:00:00+02:00&due_to=2026-03-31T02:00:00+02:00")).containsExactly(run);
        assertThat(ids("total_from=2000&total_to=7000")).containsExactly(acmeInvoice, run);
        assertThat(ids("total_from=12345")).containsExactly(globexInvoice);
        assertThat(ids("status=void")).isEmpty();
        assertThat(ids("customer=nobody")).isEmpty();

        JsonNode page1 = ok(api.get("/v1/invoices?limit=3", key));
        assertThat(page1.get("has_more").asBoolean()).isTrue();
        JsonNode page2 = ok(api.get("/v1/invoices?limit=3&cursor=" + page1.get("next_cursor").asString(), key));
        assertThat(page2.get("has_more").asBoolean()).isFalse();
        List<String> paged = new ArrayList<>();
        page1.get("data").forEach(i -> paged.add(i.get("id").asString()));
        page2.get("data").forEach(i -> paged.add(i.get("id").asString()));
        assertThat(paged).containsExactly(acmeInvoice, globexInvoice, run, draft);

        assertInvalidQuery("total_from=10&total_to=5", "total_to");
        assertInvalidQuery("status=open", "status");
        assertInvalidQuery("issued_from=yesterday", "issued_from");
        assertInvalidQuery("due_to=2026-03-10", "due_to");
        assertThat(api.get("/v1/invoices?limit=0", key).status()).isEqualTo(400);
    }

    @Test
    void deleting_the_test_clock_takes_its_customers_invoices() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000}""");
        subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-04-01T01:00:00Z"));
        String issued = issued("acme", "70");
        String draft = draft("Pending work", "5");
        assertThat(invoices(acme)).hasSize(4);

        ok(api.delete("/v1/test-clocks/" + clock, key));

        assertThat(api.get("/v1/invoices/" + issued, key).status()).isEqualTo(404);
        assertThat(api.get("/v1/invoices/" + draft, key).status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/invoices", key)).get("data")).isEmpty();
        assertThat(owner().sql("SELECT count(*) FROM invoice_lines WHERE tenant_id = ?").param(tenantId).query(Long.class).single())
                .isZero();
    }

    @Test
    void the_real_time_scheduler_bills_a_customer_without_a_clock_and_leaves_one_off_drafts_alone() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000}""");
        String live = created(api.post("/v1/customers", key, "{\"external_id\":\"live\",\"currency\":\"USD\"}")).get("id").asString();
        String subscription = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"live\",\"plan_code\":\"pro\"}"))
                .get("id").asString();
        String draft = created(api.post("/v1/invoices", key, """
                {"customer":"live","lines":[{"description":"Setup","unit_price":"10"}]}""")).get("id").asString();

        await(java.time.Duration.ofSeconds(20), "the scheduler's billing run", () -> invoices(live).size() == 2);

        JsonNode run = invoices(live).stream().filter(i -> i.get("billing_reason").asString().equals("subscription_cycle"))
                .findFirst().orElseThrow();
        JsonNode started = ok(api.get("/v1/subscriptions/" + subscription, key));
        assertThat(run.get("billing_date").asString()).isEqualTo(started.get("current_period_start").asString());
        assertThat(run.get("status").asString()).isEqualTo("finalized");
        assertThat(lines(run)).containsExactly("base_fee|pro base fee|1|20|2000");
        // Several ticks later, the one-off draft is still waiting for its operator.
        sleep(1_000);
        assertThat(invoice(draft).get("status").asString()).isEqualTo("draft");
    }

    @Test
    void a_retried_one_off_invoice_with_the_same_idempotency_key_is_made_once() {
        String body = "{\"customer\":\"acme\",\"auto_finalize\":true,\"lines\":[{\"description\":\"Audit\",\"unit_price\":\"99\"}]}";
        ApiResponse first = api.post("/v1/invoices", key, body, "Idempotency-Key", "audit-2026-03");
        ApiResponse retry = api.post("/v1/invoices", key, body, "Idempotency-Key", "audit-2026-03");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.field("id")).isEqualTo(first.field("id"));
        assertThat(retry.field("number")).isEqualTo("INV-2026-000001");
        assertThat(invoices(acme)).hasSize(1);
        ApiResponse other = api.post("/v1/invoices", key, body.replace("99", "98"), "Idempotency-Key", "audit-2026-03");
        assertThat(other.status()).as(other.toString()).isEqualTo(422);

        // The next invoice takes the next number: the replay consumed none.
        assertThat(issued("acme", "1")).isNotEqualTo(first.field("id"));
        assertThat(invoices(acme).getLast().get("number").asString()).isEqualTo("INV-2026-000002");
    }

    private String draft(String description, String unitPrice) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"acme\",\"lines\":[{\"description\":\"" + description
                + "\",\"unit_price\":\"" + unitPrice + "\"}]}")).get("id").asString();
    }

    private String issued(String customer, String unitPrice) {
        JsonNode invoice = created(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"auto_finalize\":true,"
                + "\"lines\":[{\"description\":\"Services\",\"unit_price\":\"" + unitPrice + "\"}]}"));
        assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        return invoice.get("id").asString();
    }

    private List<String> ids(String query) {
        List<String> ids = new ArrayList<>();
        ok(api.get("/v1/invoices?" + query, key)).get("data").forEach(i -> ids.add(i.get("id").asString()));
        return ids;
    }

    private void assertInvalid(String body, String param) {
        ApiResponse response = api.post("/v1/invoices", key, body);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private void assertInvalidQuery(String query, String param) {
        ApiResponse response = api.get("/v1/invoices?" + query, key);
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    private static void assertConflict(ApiResponse response, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(409);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
    }
}
