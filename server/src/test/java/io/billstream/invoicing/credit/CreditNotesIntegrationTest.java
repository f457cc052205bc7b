package io.billstream.invoicing.credit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import io.billstream.invoicing.credit.InvoiceFixtures.Invoice;
import io.billstream.invoicing.credit.InvoiceFixtures.Line;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credit notes against hand-computed invoices: allocation to the amount due, the credit balance or a
 * refund; the proportional tax; validation; over-crediting, alone and concurrently; events; tenants.
 */
class CreditNotesIntegrationTest extends BillingIntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    InvoiceFixtures invoices;
    TenantFixture tenant;
    String key;
    String customer;

    @BeforeEach
    void customer() {
        invoices = new InvoiceFixtures(ownerDataSource);
        tenant = newTenant();
        key = tenant.adminKey();
        customer = createCustomer(key, "{\"external_id\":\"acme\",\"currency\":\"USD\"}").field("id");
    }

    private ApiResponse credit(String json) {
        return api.post("/v1/credit-notes", key, json);
    }

    private static String lines(String... lineAndAmount) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < lineAndAmount.length; i += 2) {
            lines.add("{\"invoice_line\":\"" + lineAndAmount[i] + "\",\"amount_minor\":" + lineAndAmount[i + 1] + "}");
        }
        return "[" + String.join(",", lines) + "]";
    }

    private void assertProblem(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    private long creditBalance(String customerIdOrExternalId) {
        JsonNode balances = ok(api.get("/v1/customers/" + customerIdOrExternalId + "/credit-balance", key)).get("data");
        assertThat(balances.get(0).get("currency").asString()).isEqualTo("USD");
        return balances.get(0).get("balance_minor").asLong();
    }

    private List<JsonNode> events(String type) {
        return events(key, customer).stream().filter(e -> e.get("type").asString().equals(type)).toList();
    }

    @Test
    void a_whole_credit_note_on_an_unpaid_invoice_reduces_its_amount_due_to_zero_and_settles_it() {
        String clock = createClock(key, Instant.parse("2026-03-15T12:00:00Z"));
        String onClock = createCustomer(key, "{\"currency\":\"USD\",\"test_clock\":\"" + clock + "\"}").field("id");
        // 100.00 + 20.00 tax and 25.00 + 5.00 tax: 150.00 due.
        Invoice invoice = invoices.insert(tenant.id(), onClock, "finalized", 0, 0, clock,
                Line.exclusive("Pro plan", 10000, 2000), Line.exclusive("API calls", 2500, 500));

        JsonNode note = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"correction\",\"memo\":\"Billed twice\"}"));

        assertThat(note.get("id").asString()).startsWith("cn_");
        assertThat(note.get("object").asString()).isEqualTo("credit_note");
        assertThat(note.get("number").asString()).isEqualTo(invoice.number() + "-CN1");
        assertThat(note.get("invoice").asString()).isEqualTo(invoice.id());
        assertThat(note.get("customer").asString()).isEqualTo(onClock);
        assertThat(note.get("reason").asString()).isEqualTo("correction");
        assertThat(note.get("credit_method").asString()).isEqualTo("credit_balance");
        assertThat(note.get("total_minor").asLong()).isEqualTo(15000);
        assertThat(note.get("tax_minor").asLong()).isEqualTo(2500);
        assertThat(note.get("subtotal_minor").asLong()).isEqualTo(12500);
        assertThat(note.get("invoice_reduction_minor").asLong()).isEqualTo(15000);
        assertThat(note.get("credit_balance_minor").asLong()).isZero();
        assertThat(note.get("refund_minor").asLong()).isZero();
        assertThat(note.get("refund_status").isNull()).isTrue();
        assertThat(note.get("memo").asString()).isEqualTo("Billed twice");
        assertThat(note.get("test_clock").asString()).isEqualTo(clock);
        assertThat(note.get("created_at").asString()).isEqualTo("2026-03-15T12:00:00Z");
        JsonNode lines = note.get("lines");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("invoice_line").asString()).isEqualTo(invoice.lineIds().get(0));
        assertThat(lines.get(0).get("description").asString()).isEqualTo("Pro plan");
        assertThat(lines.get(0).get("amount_minor").asLong()).isEqualTo(12000);
        assertThat(lines.get(0).get("tax_minor").asLong()).isEqualTo(2000);
        assertThat(lines.get(1).get("amount_minor").asLong()).isEqualTo(3000);
        assertThat(lines.get(1).get("tax_minor").asLong()).isEqualTo(500);

        InvoiceFixtures.Amounts after = invoices.amounts(invoice.id());
        assertThat(after.status()).isEqualTo("paid");
        assertThat(after.amountDueMinor()).isZero();
        assertThat(after.creditedMinor()).isEqualTo(15000);
        assertThat(after.paidAt()).isEqualTo(Instant.parse("2026-03-15T12:00:00Z"));
        assertThat(invoices.lineCredited(invoice.lineIds().get(0))).isEqualTo(12000);
        assertThat(invoices.lineCredited(invoice.lineIds().get(1))).isEqualTo(3000);
        assertThat(creditBalance(onClock)).isZero();
        assertThat(ok(api.get("/v1/customers/" + onClock + "/credit-balance-transactions", key)).get("data")).isEmpty();

        assertThat(ok(api.get("/v1/credit-notes/" + note.get("id").asString(), key))).isEqualTo(note);
        JsonNode listed = ok(api.get("/v1/credit-notes?invoice=" + invoice.id(), key)).get("data");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0)).isEqualTo(note);

        List<JsonNode> events = events(key, onClock);
        assertThat(events.stream().map(e -> e.get("type").asString()))
                .containsExactly("customer.created", "credit_note.created", "invoice.paid");
        JsonNode createdEvent = events.get(1);
        assertThat(createdEvent.get("invoice_id").asString()).isEqualTo(invoice.id());
        assertThat(createdEvent.get("subscription_id").asString()).isEqualTo("sub_of_" + invoice.id());
        assertThat(createdEvent.get("data").get("object")).isEqualTo(note);
        JsonNode paid = events.get(2).get("data");
        // The invoice as the API shows it, as every invoice.paid does (finalisation's, a payment's).
        assertThat(paid.get("object")).isEqualTo(ok(api.get("/v1/invoices/" + invoice.id(), key)));
        assertThat(paid.get("object").get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("object").get("amount_due_minor").asLong()).isZero();
        assertThat(paid.get("object").get("paid_at").asString()).isEqualTo("2026-03-15T12:00:00Z");
        assertThat(paid.get("previous_attributes").get("status").asString()).isEqualTo("finalized");
        assertThat(paid.get("previous_attributes").get("amount_due_minor").asLong()).isEqualTo(15000);

        // Everything is credited now.
        assertProblem(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"correction\"}"), 409, "nothing_to_credit", null);
    }

    @Test
    void a_partial_credit_of_a_paid_invoice_becomes_credit_balance_with_the_lines_tax_in_proportion() {
        // 9.99 + 2.00 exclusive tax; 50.00 containing 7.98 of inclusive tax (19 %).
        Invoice invoice = invoices.paid(tenant.id(), customer,
                Line.exclusive("Seats", 999, 200), Line.inclusive("Support", 5000, 798));

        JsonNode note = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"goodwill\",\"lines\":"
                + lines(invoice.lineIds().get(0), "500", invoice.lineIds().get(1), "1190") + "}"));

        // 500 × 200 / 1199 = 83.40 → 83; 1190 × 798 / 5000 = 189.92 → 190.
        assertThat(note.get("lines").get(0).get("tax_minor").asLong()).isEqualTo(83);
        assertThat(note.get("lines").get(1).get("tax_minor").asLong()).isEqualTo(190);
        assertThat(note.get("total_minor").asLong()).isEqualTo(1690);
        assertThat(note.get("tax_minor").asLong()).isEqualTo(273);
        assertThat(note.get("subtotal_minor").asLong()).isEqualTo(1417);
        assertThat(note.get("invoice_reduction_minor").asLong()).isZero();
        assertThat(note.get("credit_balance_minor").asLong()).isEqualTo(1690);
        InvoiceFixtures.Amounts after = invoices.amounts(invoice.id());
        assertThat(after.status()).isEqualTo("paid");
        assertThat(after.creditedMinor()).as("nothing was due, so nothing is taken off the amount due").isZero();
        assertThat(invoices.lineCredited(invoice.lineIds().get(0))).isEqualTo(500);
        assertThat(invoices.lineCredited(invoice.lineIds().get(1))).isEqualTo(1190);

        assertThat(creditBalance("acme")).isEqualTo(1690);
        JsonNode transaction = ok(api.get("/v1/customers/acme/credit-balance-transactions", key)).get("data").get(0);
        assertThat(transaction.get("kind").asString()).isEqualTo("credit_note");
        assertThat(transaction.get("amount_minor").asLong()).isEqualTo(1690);
        assertThat(transaction.get("balance_after_minor").asLong()).isEqualTo(1690);
        assertThat(transaction.get("credit_note").asString()).isEqualTo(note.get("id").asString());
        assertThat(transaction.get("invoice").asString()).isEqualTo(invoice.id());
        assertThat(transaction.get("description").asString()).isEqualTo("Credit note " + invoice.number() + "-CN1");

        List<JsonNode> changes = events("customer.credit_balance_changed");
        assertThat(changes).hasSize(1);
        assertThat(changes.getFirst().get("invoice_id").asString()).isEqualTo(invoice.id());
        JsonNode change = changes.getFirst().get("data").get("object");
        assertThat(change.get("object").asString()).isEqualTo("credit_balance");
        assertThat(change.get("customer").asString()).isEqualTo(customer);
        assertThat(change.get("currency").asString()).isEqualTo("USD");
        assertThat(change.get("balance_minor").asLong()).isEqualTo(1690);
        assertThat(change.get("change_minor").asLong()).isEqualTo(1690);
        assertThat(change.get("kind").asString()).isEqualTo("credit_note");
        assertThat(change.get("invoice").asString()).isEqualTo(invoice.id());
        assertThat(change.get("credit_note").asString()).isEqualTo(note.get("id").asString());
        assertThat(events("invoice.paid")).as("the invoice was already paid").isEmpty();
    }

    @Test
    void later_credit_notes_take_only_what_earlier_ones_left_and_give_back_exactly_the_lines_tax() {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 200));
        String line = invoice.lineIds().getFirst();

        // 700 × 200 / 1200 = 116.67 → 117
        JsonNode first = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":" + lines(line, "700") + "}"));
        assertThat(first.get("tax_minor").asLong()).isEqualTo(117);

        assertProblem(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":" + lines(line, "501") + "}"),
                400, "parameter_invalid", "lines[0].amount_minor");

        // The rest of the line: its tax is what the first note left of the line's 200.
        JsonNode second = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\"}"));
        assertThat(second.get("number").asString()).isEqualTo(invoice.number() + "-CN2");
        assertThat(second.get("total_minor").asLong()).isEqualTo(500);
        assertThat(second.get("tax_minor").asLong()).isEqualTo(83);
        assertThat(invoices.lineCredited(line)).isEqualTo(1200);
        assertThat(creditBalance(customer)).isEqualTo(1200);

        assertProblem(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":" + lines(line, "1") + "}"),
                409, "nothing_to_credit", null);
        assertThat(ok(api.get("/v1/credit-notes?invoice=" + invoice.id(), key)).get("data")).hasSize(2);
    }

    @Test
    void malformed_credit_notes_are_refused_naming_the_field_and_write_nothing() {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 200), Line.exclusive("Seats", 500, 100));
        Invoice other = invoices.paid(tenant.id(), customer, Line.exclusive("Other", 1000, 0));
        String l1 = invoice.lineIds().get(0);
        String l2 = invoice.lineIds().get(1);
        String prefix = "{\"invoice\":\"" + invoice.id() + "\",";

        assertProblem(credit(prefix + "\"reason\":\"mistake\"}"), 400, "parameter_invalid", "reason");
        assertProblem(credit(prefix + "\"credit_method\":\"credit_balance\"}"), 400, "parameter_invalid", "reason");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"credit_method\":\"cash\"}"), 400, "parameter_invalid", "credit_method");
        assertProblem(credit("{\"reason\":\"refund\"}"), 400, "parameter_invalid", "invoice");
        assertProblem(credit("{\"invoice\":\"in_missing\",\"reason\":\"refund\"}"), 400, "parameter_invalid", "invoice");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":" + lines(other.lineIds().getFirst(), "100") + "}"),
                400, "parameter_invalid", "lines[0].invoice_line");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":" + lines(l1, "0") + "}"), 400, "parameter_invalid",
                "lines[0].amount_minor");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":" + lines(l1, "-1") + "}"), 400, "parameter_invalid",
                "lines[0].amount_minor");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":" + lines(l1, "100", l2, "601") + "}"), 400,
                "parameter_invalid", "lines[1].amount_minor");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":" + lines(l1, "100", l1, "100") + "}"), 400,
                "parameter_invalid", "lines[1].invoice_line");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":[]}"), 400, "parameter_invalid", "lines");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":[{\"amount_minor\":5}]}"), 400, "parameter_invalid",
                "lines[0].invoice_line");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"lines\":[{\"invoice_line\":\"" + l1 + "\",\"amount\":5}]}"), 400,
                "parameter_unknown", "lines[0].amount");
        assertProblem(credit(prefix + "\"reason\":\"refund\",\"memo\":\"" + "m".repeat(501) + "\"}"), 400, "parameter_invalid", "memo");

        for (String status : List.of("draft", "pending_tax", "void")) {
            Invoice notIssued = invoices.insert(tenant.id(), customer, status, 0, 0, null, Line.exclusive("Pro plan", 1000, 0));
            assertProblem(credit("{\"invoice\":\"" + notIssued.id() + "\",\"reason\":\"refund\"}"), 409, "invoice_not_finalized", null);
        }
        Invoice unpaid = invoices.finalized(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 0));
        assertProblem(credit("{\"invoice\":\"" + unpaid.id() + "\",\"reason\":\"refund\",\"credit_method\":\"refund\"}"), 409,
                "nothing_to_refund", null);

        assertThat(ok(api.get("/v1/credit-notes", key)).get("data")).isEmpty();
        assertThat(invoices.lineCredited(l1)).isZero();
        assertThat(invoices.amounts(unpaid.id()).amountDueMinor()).isEqualTo(1000);
        assertThat(events("credit_note.created")).isEmpty();
    }

    @Test
    void a_refund_pays_back_money_received_and_returns_what_the_credit_balance_paid_to_the_balance() {
        // 10.00: 3.00 from the credit balance, 7.00 paid in money.
        Invoice invoice = invoices.insert(tenant.id(), customer, "paid", 300, 700, null, Line.exclusive("Pro plan", 1000, 0));

        JsonNode note = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"credit_method\":\"refund\"}"));

        assertThat(note.get("credit_method").asString()).isEqualTo("refund");
        assertThat(note.get("invoice_reduction_minor").asLong()).isZero();
        assertThat(note.get("refund_minor").asLong()).isEqualTo(700);
        assertThat(note.get("refund_status").asString()).isEqualTo("pending");
        assertThat(note.get("credit_balance_minor").asLong()).isEqualTo(300);
        assertThat(creditBalance(customer)).isEqualTo(300);
        JsonNode pending = ok(api.get("/v1/credit-notes?refund_status=pending", key)).get("data");
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("id").asString()).isEqualTo(note.get("id").asString());

        Invoice fromBalance = invoices.insert(tenant.id(), customer, "paid", 1000, 0, null, Line.exclusive("Pro plan", 1000, 0));
        assertProblem(credit("{\"invoice\":\"" + fromBalance.id() + "\",\"reason\":\"refund\",\"credit_method\":\"refund\"}"), 409,
                "nothing_to_refund", null);
    }

    @Test
    void a_partly_paid_invoice_is_reduced_first_and_the_rest_goes_to_the_credit_balance() {
        Invoice invoice = invoices.insert(tenant.id(), customer, "finalized", 0, 600, null, Line.exclusive("Pro plan", 1000, 0));

        JsonNode note = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"correction\",\"lines\":"
                + lines(invoice.lineIds().getFirst(), "700") + "}"));

        assertThat(note.get("invoice_reduction_minor").asLong()).isEqualTo(400);
        assertThat(note.get("credit_balance_minor").asLong()).isEqualTo(300);
        InvoiceFixtures.Amounts after = invoices.amounts(invoice.id());
        assertThat(after.status()).isEqualTo("paid");
        assertThat(after.amountDueMinor()).isZero();
        assertThat(after.creditedMinor()).isEqualTo(400);
        assertThat(creditBalance(customer)).isEqualTo(300);
        assertThat(eventTypes(key, customer)).containsSubsequence("credit_note.created", "invoice.paid", "customer.credit_balance_changed");
    }

    @Test
    void two_concurrent_credit_notes_for_what_is_left_of_an_invoice_credit_it_once() throws Exception {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 200));
        created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":"
                + lines(invoice.lineIds().getFirst(), "700") + "}"));
        String rest = "{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":"
                + lines(invoice.lineIds().getFirst(), "500") + "}";

        List<ApiResponse> responses;
        // Hold the invoice's row lock until both requests wait for it, so both read the invoice at the same point.
        try (Connection holder = ownerDataSource.getConnection(); var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM invoices WHERE id = ? FOR UPDATE")) {
                lock.setString(1, invoice.id());
                lock.executeQuery().close();
            }
            var first = CompletableFuture.supplyAsync(() -> credit(rest), threads);
            var second = CompletableFuture.supplyAsync(() -> credit(rest), threads);
            awaitWaitersOnInvoices(2);
            holder.commit();
            responses = List.of(first.get(), second.get());
        }

        assertThat(responses.stream().map(ApiResponse::status)).as(responses.toString()).containsExactlyInAnyOrder(201, 409);
        ApiResponse refused = responses.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(refused.field("code")).isEqualTo("nothing_to_credit");
        assertThat(invoices.lineCredited(invoice.lineIds().getFirst())).isEqualTo(1200);
        assertThat(creditBalance(customer)).isEqualTo(1200);
        JsonNode notes = ok(api.get("/v1/credit-notes?invoice=" + invoice.id(), key)).get("data");
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0).get("total_minor").asLong() + notes.get(1).get("total_minor").asLong()).isEqualTo(1200);
    }

    @Test
    void credit_notes_are_filtered_by_customer_reason_and_creation_time_and_paged() {
        String other = createCustomer(key, "{\"currency\":\"USD\"}").field("id");
        Invoice a = invoices.paid(tenant.id(), customer, Line.exclusive("A", 1000, 0));
        Invoice b = invoices.paid(tenant.id(), customer, Line.exclusive("B", 1000, 0));
        Invoice c = invoices.paid(tenant.id(), other, Line.exclusive("C", 1000, 0));
        String first = created(credit("{\"invoice\":\"" + a.id() + "\",\"reason\":\"refund\"}")).get("id").asString();
        String second = created(credit("{\"invoice\":\"" + b.id() + "\",\"reason\":\"goodwill\"}")).get("id").asString();
        String third = created(credit("{\"invoice\":\"" + c.id() + "\",\"reason\":\"goodwill\"}")).get("id").asString();

        assertThat(ids(ok(api.get("/v1/credit-notes?customer=acme", key)))).containsExactly(second, first);
        assertThat(ids(ok(api.get("/v1/credit-notes?reason=goodwill", key)))).containsExactly(third, second);
        assertThat(ids(ok(api.get("/v1/credit-notes?customer=nobody", key)))).isEmpty();
        assertThat(ids(ok(api.get("/v1/credit-notes?created_to=2020-01-01T00:00:00Z", key)))).isEmpty();
        assertThat(ids(ok(api.get("/v1/credit-notes?created_from=2020-01-01T00:00:00Z", key)))).containsExactly(third, second, first);
        assertProblem(api.get("/v1/credit-notes?reason=oops", key), 400, "parameter_invalid", "reason");

        ApiResponse xml = api.get("/v1/credit-notes/" + first, key, "Accept", "application/xml");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.body()).startsWith("<credit_note>").contains("<id>" + first + "</id>", "<lines><line>", "<reason>refund</reason>");

        JsonNode page = ok(api.get("/v1/credit-notes?limit=2", key));
        assertThat(ids(page)).containsExactly(third, second);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(ids(ok(api.get("/v1/credit-notes?limit=2&cursor=" + page.get("next_cursor").asString(), key)))).containsExactly(first);
    }

    @Test
    void a_tenant_sees_and_credits_only_its_own_invoices() {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 0));
        String note = created(credit("{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\",\"lines\":"
                + lines(invoice.lineIds().getFirst(), "400") + "}")).get("id").asString();
        String intruder = newTenant().adminKey();

        ApiResponse foreign = api.post("/v1/credit-notes", intruder, "{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\"}");
        assertProblem(foreign, 400, "parameter_invalid", "invoice");
        assertThat(api.get("/v1/credit-notes/" + note, intruder).status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/credit-notes", intruder)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/credit-notes?invoice=" + invoice.id(), intruder)).get("data")).isEmpty();
        assertThat(api.get("/v1/customers/" + customer + "/credit-balance", intruder).status()).isEqualTo(404);
        assertThat(api.get("/v1/customers/" + customer + "/credit-balance-transactions", intruder).status()).isEqualTo(404);
        assertThat(api.post("/v1/customers/" + customer + "/credit-balance-transactions", intruder, "{\"amount_minor\":-400}").status())
                .isEqualTo(404);

        assertThat(invoices.lineCredited(invoice.lineIds().getFirst())).isEqualTo(400);
        assertThat(creditBalance(customer)).isEqualTo(400);
    }

    @Test
    void issuing_a_credit_note_needs_the_billing_write_scope() {
        Invoice invoice = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 0));
        String reader = apiKey(key, "billing:read");

        assertThat(api.post("/v1/credit-notes", reader, "{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\"}").status())
                .isEqualTo(403);
        assertThat(ok(api.get("/v1/credit-notes", reader)).get("data")).isEmpty();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(n -> ids.add(n.get("id").asString()));
        return ids;
    }

    /** Waits until {@code count} sessions wait for a lock while touching the invoices table. */
    private void awaitWaitersOnInvoices(int count) {
        JdbcClient owner = JdbcClient.create(ownerDataSource);
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            long waiting = owner.sql("""
                    SELECT count(DISTINCT w.pid) FROM pg_locks w
                    WHERE NOT w.granted AND w.pid IN (SELECT pid FROM pg_locks WHERE relation = 'invoices'::regclass)
                    """).query(Long.class).single();
            if (waiting >= count) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Only " + waiting + " requests wait for the invoice's lock after 10 s");
            }
            sleep(20);
        }
    }
}
