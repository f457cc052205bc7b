package io.billstream.invoicing.credit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import io.billstream.invoicing.credit.InvoiceFixtures.Invoice;
import io.billstream.invoicing.credit.InvoiceFixtures.Line;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The credit balance ledger: credit from a credit note consumed by the next invoices and given back
 * when one is voided (through the service the invoicing core calls), manual adjustments over the
 * API, concurrent consumers, and test clocks.
 */
class CreditBalancesIntegrationTest extends BillingIntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    CreditBalances balances;

    @Autowired
    TransactionTemplate transactions;

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

    private long consume(long maxMinor, String invoiceId) {
        return TenantContext.callAs(tenant.id(), () -> transactions.execute(tx -> balances.consume(customer, "USD", maxMinor, invoiceId)));
    }

    private void restore(String invoiceId) {
        TenantContext.runAs(tenant.id(), () -> transactions.executeWithoutResult(tx -> balances.restoreForVoidedInvoice(invoiceId)));
    }

    private long balance() {
        return TenantContext.callAs(tenant.id(), () -> balances.balance(customer, "USD"));
    }

    private List<JsonNode> ledger() {
        List<JsonNode> rows = new ArrayList<>();
        ok(api.get("/v1/customers/" + customer + "/credit-balance-transactions?limit=100", key)).get("data").forEach(rows::add);
        return rows;
    }

    private static void assertRow(JsonNode row, String kind, long amountMinor, long balanceAfterMinor, String invoiceId) {
        assertThat(row.get("object").asString()).isEqualTo("credit_balance_transaction");
        assertThat(row.get("kind").asString()).isEqualTo(kind);
        assertThat(row.get("amount_minor").asLong()).isEqualTo(amountMinor);
        assertThat(row.get("balance_after_minor").asLong()).isEqualTo(balanceAfterMinor);
        assertThat(row.get("invoice").isNull() ? null : row.get("invoice").asString()).isEqualTo(invoiceId);
    }

    private ApiResponse adjust(String json, String... headers) {
        return api.post("/v1/customers/acme/credit-balance-transactions", key, json, headers);
    }

    private void assertProblem(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    @Test
    void credit_from_a_credit_note_is_consumed_by_the_next_invoices_and_given_back_once_when_one_is_voided() {
        Invoice paid = invoices.paid(tenant.id(), customer, Line.exclusive("Pro plan", 1000, 200));
        created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + paid.id() + "\",\"reason\":\"goodwill\",\"lines\":[{\"invoice_line\":\""
                + paid.lineIds().getFirst() + "\",\"amount_minor\":1000}]}"));
        assertThat(balance()).isEqualTo(1000);
        Invoice next = invoices.finalized(tenant.id(), customer, Line.exclusive("Pro plan", 600, 0));
        Invoice after = invoices.finalized(tenant.id(), customer, Line.exclusive("Pro plan", 600, 0));

        assertThat(consume(600, next.id())).isEqualTo(600);
        assertThat(consume(600, after.id())).as("only 400 is left").isEqualTo(400);
        assertThat(consume(600, after.id())).as("nothing is left").isZero();

        assertThat(balance()).isZero();
        List<JsonNode> rows = ledger();
        assertThat(rows).hasSize(3);
        assertRow(rows.get(0), "invoice_applied", -400, 0, after.id());
        assertRow(rows.get(1), "invoice_applied", -600, 400, next.id());
        assertRow(rows.get(2), "credit_note", 1000, 1000, paid.id());
        assertThat(rows.get(0).get("description").asString()).isEqualTo("Applied to invoice " + after.id());

        restore(next.id());
        restore(next.id());
        restore(invoices.finalized(tenant.id(), customer, Line.exclusive("Never consumed", 100, 0)).id());

        assertThat(balance()).isEqualTo(600);
        rows = ledger();
        assertThat(rows).hasSize(4);
        assertRow(rows.getFirst(), "invoice_voided", 600, 600, next.id());

        List<JsonNode> changes = events(key, customer).stream()
                .filter(e -> e.get("type").asString().equals("customer.credit_balance_changed"))
                .map(e -> e.get("data").get("object")).toList();
        assertThat(changes.stream().map(c -> c.get("kind").asString()))
                .containsExactly("credit_note", "invoice_applied", "invoice_applied", "invoice_voided");
        assertThat(changes.stream().map(c -> c.get("change_minor").asLong())).containsExactly(1000L, -600L, -400L, 600L);
        assertThat(changes.stream().map(c -> c.get("balance_minor").asLong())).containsExactly(1000L, 400L, 0L, 600L);
    }

    @Test
    void voiding_an_invoice_whose_credit_notes_returned_everything_gives_nothing_back_again() {
        created(adjust("{\"amount_minor\":300}"));
        // 10.00 due; 3.00 comes from the credit balance, 7.00 is paid in money.
        Invoice invoice = invoices.insert(tenant.id(), customer, "paid", 300, 700, null, Line.exclusive("Pro plan", 1000, 0));
        assertThat(consume(300, invoice.id())).isEqualTo(300);

        // Crediting the paid invoice in full (how it is voided) returns all 10.00 to the balance.
        created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + invoice.id() + "\",\"reason\":\"refund\"}"));
        assertThat(balance()).isEqualTo(1000);

        restore(invoice.id());

        assertThat(balance()).isEqualTo(1000);
        assertThat(ledger()).hasSize(3);
    }

    @Test
    void the_ledger_services_run_only_inside_the_callers_transaction() {
        assertThatThrownBy(() -> TenantContext.runAs(tenant.id(), () -> balances.consume(customer, "USD", 100, "in_x")))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> TenantContext.runAs(tenant.id(), () -> balances.restoreForVoidedInvoice("in_x")))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void concurrent_consumers_never_take_more_than_the_balance() throws Exception {
        created(adjust("{\"amount_minor\":1000}"));
        List<String> invoiceIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            invoiceIds.add(invoices.finalized(tenant.id(), customer, Line.exclusive("Pro plan", 300, 0)).id());
        }

        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Long>> taken = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String invoiceId : invoiceIds) {
                taken.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return consume(300, invoiceId);
                }, threads));
            }
            start.countDown();
            CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new)).get();
        }

        assertThat(taken.stream().mapToLong(CompletableFuture::join).sum()).isEqualTo(1000);
        assertThat(taken.stream().map(CompletableFuture::join)).containsOnly(300L, 100L, 0L);
        assertThat(balance()).isZero();
        // Oldest first, every row builds on the one before it.
        List<JsonNode> rows = ledger().reversed();
        long running = 0;
        for (JsonNode row : rows) {
            running += row.get("amount_minor").asLong();
            assertThat(row.get("balance_after_minor").asLong()).isEqualTo(running);
        }
        assertThat(rows).hasSize(1 + 4);
    }

    @Test
    void an_operator_grants_and_removes_credit_but_never_below_zero() {
        JsonNode granted = created(adjust("{\"amount_minor\":1000,\"description\":\"Outage compensation\"}"));
        assertThat(granted.get("id").asString()).startsWith("cbt_");
        assertThat(granted.get("customer").asString()).isEqualTo(customer);
        assertThat(granted.get("currency").asString()).isEqualTo("USD");
        assertThat(granted.get("kind").asString()).isEqualTo("adjustment");
        assertThat(granted.get("amount_minor").asLong()).isEqualTo(1000);
        assertThat(granted.get("balance_after_minor").asLong()).isEqualTo(1000);
        assertThat(granted.get("description").asString()).isEqualTo("Outage compensation");

        JsonNode removed = created(adjust("{\"amount_minor\":-400,\"currency\":\"USD\"}"));
        assertThat(removed.get("balance_after_minor").asLong()).isEqualTo(600);

        assertProblem(adjust("{\"amount_minor\":-601}"), 409, "insufficient_credit_balance", "amount_minor");
        assertProblem(adjust("{\"amount_minor\":0}"), 400, "parameter_invalid", "amount_minor");
        assertProblem(adjust("{\"currency\":\"USD\"}"), 400, "parameter_invalid", "amount_minor");
        assertProblem(adjust("{\"amount_minor\":\"100\"}"), 400, "parameter_invalid", "amount_minor");
        assertProblem(adjust("{\"amount_minor\":100,\"currency\":\"EUR\"}"), 400, "parameter_invalid", "currency");
        assertProblem(adjust("{\"amount_minor\":100,\"currency\":\"usd\"}"), 400, "parameter_invalid", "currency");
        assertProblem(adjust("{\"amount_minor\":100,\"description\":\"" + "d".repeat(501) + "\"}"), 400, "parameter_invalid",
                "description");
        assertThat(api.post("/v1/customers/nobody/credit-balance-transactions", key, "{\"amount_minor\":100}").status()).isEqualTo(404);

        JsonNode balance = ok(api.get("/v1/customers/acme/credit-balance", key));
        assertThat(balance.get("object").asString()).isEqualTo("list");
        assertThat(balance.get("data")).hasSize(1);
        assertThat(balance.get("data").get(0).get("object").asString()).isEqualTo("credit_balance");
        assertThat(balance.get("data").get(0).get("customer").asString()).isEqualTo(customer);
        assertThat(balance.get("data").get(0).get("balance_minor").asLong()).isEqualTo(600);

        JsonNode page = ok(api.get("/v1/customers/acme/credit-balance-transactions?currency=USD&limit=1", key));
        assertThat(page.get("data").get(0).get("id").asString()).isEqualTo(removed.get("id").asString());
        assertThat(page.get("has_more").asBoolean()).isTrue();
        JsonNode next = ok(api.get("/v1/customers/acme/credit-balance-transactions?currency=USD&limit=1&cursor="
                + page.get("next_cursor").asString(), key));
        assertThat(next.get("data").get(0).get("id").asString()).isEqualTo(granted.get("id").asString());
        assertThat(next.get("has_more").asBoolean()).isFalse();
        assertThat(ok(api.get("/v1/customers/acme/credit-balance-transactions?currency=EUR", key)).get("data")).isEmpty();

        assertThat(eventTypes(key, customer).stream().filter("customer.credit_balance_changed"::equals)).hasSize(2);
    }

    @Test
    void an_adjustment_retried_with_its_idempotency_key_is_made_once() {
        ApiResponse first = adjust("{\"amount_minor\":250}", "Idempotency-Key", "grant-1");
        ApiResponse retry = adjust("{\"amount_minor\":250}", "Idempotency-Key", "grant-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(ledger()).hasSize(1);
        assertThat(balance()).isEqualTo(250);
        assertThat(adjust("{\"amount_minor\":-250}", "Idempotency-Key", "grant-1").status()).isEqualTo(422);
    }

    @Test
    void adjusting_needs_the_billing_write_scope() {
        String reader = apiKey(key, "billing:read");

        assertThat(api.post("/v1/customers/acme/credit-balance-transactions", reader, "{\"amount_minor\":100}").status()).isEqualTo(403);
        assertThat(ok(api.get("/v1/customers/acme/credit-balance", reader)).get("data").get(0).get("balance_minor").asLong()).isZero();
    }

    @Test
    void a_test_clock_customers_ledger_moves_in_the_clocks_time_and_goes_with_the_clock() {
        String clock = createClock(key, Instant.parse("2026-05-01T08:00:00Z"));
        String onClock = createCustomer(key, "{\"currency\":\"EUR\",\"test_clock\":\"" + clock + "\"}").field("id");

        JsonNode granted = created(api.post("/v1/customers/" + onClock + "/credit-balance-transactions", key, "{\"amount_minor\":500}"));

        assertThat(granted.get("currency").asString()).isEqualTo("EUR");
        assertThat(granted.get("created_at").asString()).isEqualTo("2026-05-01T08:00:00Z");
        assertThat(ok(api.delete("/v1/test-clocks/" + clock, key)).get("id").asString()).isEqualTo(clock);
        assertThat(invoices.count("SELECT count(*) FROM credit_balance_transactions WHERE customer_id = :p", onClock)).isZero();
    }
}
