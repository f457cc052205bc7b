package io.billstream.invoicing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.billstream.platform.tenancy.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invoices issued with an amount due are handed to every {@link InvoiceOpenedListener} (how payments start
 * collecting them), once, inside the finalising transaction; invoices issued paid are not. A recording listener
 * is added to the running server for each test (a test configuration would start a second server and database)
 * and hears only this test's tenant.
 */
class InvoiceOpenedListenerIntegrationTest extends InvoicingIntegrationTest {

    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    static final String LISTENER = "recordingInvoiceOpenedListener";

    /** What the listener was told, and what it saw of the invoice from inside the transaction. */
    record Opened(PayableInvoice invoice, Instant issuedAt, boolean inTransaction, String statusSeen) {
    }

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    InvoiceCollection collection;

    final List<Opened> opened = new CopyOnWriteArrayList<>();
    String customer;

    @BeforeEach
    void listen() {
        tenantAt(JAN_1);
        String tenant = tenantId;
        InvoiceOpenedListener recorder = (invoice, issuedAt) -> {
            if (tenant.equals(TenantContext.currentOrNull())) {
                opened.add(new Opened(invoice, issuedAt, TransactionSynchronizationManager.isActualTransactionActive(),
                        collection.find(invoice.id()).map(PayableInvoice::status).orElse("missing")));
            }
        };
        context.getBeanFactory().registerSingleton(LISTENER, recorder);
        customer = customer("acme", "USD", "");
    }

    @AfterEach
    void stopListening() {
        ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton(LISTENER);
    }

    private JsonNode issue(String linesJson) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"acme\",\"auto_finalize\":true,\"lines\":" + linesJson + "}"));
    }

    @Test
    void an_invoice_issued_with_an_amount_due_is_handed_over_once_from_inside_its_transaction() {
        // 2 × 60.00 = 120.00 due.
        JsonNode invoice = issue("[{\"description\":\"Consulting\",\"quantity\":\"2\",\"unit_price\":\"60.00\"}]");

        assertThat(opened).hasSize(1);
        Opened call = opened.getFirst();
        assertThat(call.inTransaction()).isTrue();
        assertThat(call.statusSeen()).as("the invoice row is written before listeners hear of it").isEqualTo("finalized");
        assertThat(call.issuedAt()).isEqualTo(JAN_1);
        PayableInvoice payable = call.invoice();
        assertThat(payable.id()).isEqualTo(invoice.get("id").asString());
        assertThat(payable.number()).isEqualTo(invoice.get("number").asString());
        assertThat(payable.customerId()).isEqualTo(customer);
        assertThat(payable.status()).isEqualTo("finalized");
        assertThat(payable.totalMinor()).isEqualTo(12000);
        assertThat(payable.amountDueMinor()).isEqualTo(12000);
        assertThat(payable.amountPaidMinor()).isZero();
        assertThat(payable.collectible()).isTrue();
        assertThat(payable.testClockId()).isEqualTo(clock);
        assertThat(payable.issuedAt()).isEqualTo(JAN_1);
        assertThat(payable.dueAt()).isEqualTo(Instant.parse(invoice.get("due_at").asString()));
    }

    @Test
    void invoices_issued_paid_are_not_handed_over_and_credit_lowers_the_amount_due_handed_over() {
        // A zero invoice is paid when issued.
        assertThat(issue("[{\"description\":\"Goodwill visit\",\"unit_price\":\"0\"}]").get("status").asString()).isEqualTo("paid");
        // 25.00 of credit: a 20.00 invoice is paid from it (5.00 left) ...
        created(api.post("/v1/customers/acme/credit-balance-transactions", key, "{\"amount_minor\":2500}"));
        assertThat(issue("[{\"description\":\"Seat\",\"unit_price\":\"20.00\"}]").get("status").asString()).isEqualTo("paid");
        assertThat(opened).isEmpty();

        // ... and a 30.00 invoice takes the other 5.00: 25.00 due.
        JsonNode partly = issue("[{\"description\":\"Seats\",\"unit_price\":\"30.00\"}]");

        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().invoice().id()).isEqualTo(partly.get("id").asString());
        assertThat(opened.getFirst().invoice().totalMinor()).isEqualTo(3000);
        assertThat(opened.getFirst().invoice().amountDueMinor()).isEqualTo(2500);
    }

    @Test
    void an_invoice_taxed_by_an_external_system_is_handed_over_when_its_tax_arrives() {
        ok(api.patch("/v1/invoice-settings", key, "{\"tax_mode\":\"external\"}"));
        JsonNode pending = issue("[{\"description\":\"Licence\",\"unit_price\":\"100.00\"}]");
        assertThat(pending.get("status").asString()).isEqualTo("pending_tax");
        assertThat(opened).isEmpty();

        // 100.00 + 8.25 tax = 108.25 due.
        String line = pending.get("lines").get(0).get("id").asString();
        ok(api.post("/v1/invoices/" + pending.get("id").asString() + "/tax-lines", key,
                "{\"tax_lines\":[{\"invoice_line\":\"" + line + "\",\"name\":\"Sales tax\",\"percentage\":\"8.25\",\"amount_minor\":825}]}"));

        assertThat(opened).hasSize(1);
        assertThat(opened.getFirst().invoice().id()).isEqualTo(pending.get("id").asString());
        assertThat(opened.getFirst().invoice().amountDueMinor()).isEqualTo(10825);
        assertThat(opened.getFirst().statusSeen()).isEqualTo("finalized");
    }

    @Test
    void a_billing_run_hands_over_the_subscription_invoices_it_issues_with_their_subscriptions() {
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000}
                """);
        String subscription = subscribe(customer, "pro", "");

        // The first period's 20.00 in advance, issued by the run at January 1; February's at February 1.
        advanceTo(Instant.parse("2026-02-01T01:00:00Z"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        assertThat(opened).extracting(o -> o.invoice().id())
                .containsExactly(invoices.get(0).get("id").asString(), invoices.get(1).get("id").asString());
        assertThat(opened).allSatisfy(o -> {
            assertThat(o.invoice().subscriptionIds()).containsExactly(subscription);
            assertThat(o.invoice().amountDueMinor()).isEqualTo(2000);
            assertThat(o.inTransaction()).isTrue();
            assertThat(o.statusSeen()).isEqualTo("finalized");
        });
        assertThat(opened.get(1).issuedAt()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
    }
}
