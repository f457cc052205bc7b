package io.billstream.invoicing.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.billstream.invoicing.InvoicingIntegrationTest;
import io.billstream.invoicing.domain.Invoice;
import io.billstream.platform.tenancy.TenantContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two billing runs for one customer and billing date at once (two scheduler instances, say): the
 * customer's row lock queues the second behind the first, which then finds the date billed.
 */
class BillingRunConcurrencyIntegrationTest extends InvoicingIntegrationTest {

    static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    BillingRun run;

    @Test
    void two_runs_of_the_same_billing_date_at_once_make_one_invoice() throws Exception {
        tenantAt(JAN_1);
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "pro", "");
        // The clock stands still, so the run due on 1 January waits for the two threads below.

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<Future<Optional<Invoice>>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                results.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return TenantContext.callAs(tenantId, () -> run.run(customer, JAN_1, JAN_1));
                }));
            }
            List<Optional<Invoice>> made = new ArrayList<>();
            for (Future<Optional<Invoice>> result : results) {
                made.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(made).filteredOn(Optional::isPresent).hasSize(1);
        } finally {
            threads.shutdownNow();
        }

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(1);
        assertThat(lines(invoices.getFirst())).containsExactly("base_fee|pro base fee|1|20|2000");
        assertThat(invoices.getFirst().get("number").asString()).isEqualTo("INV-2026-000001");

        // A third run, and the clock's own run of the same date, find nothing left to bill.
        assertThat(TenantContext.callAs(tenantId, () -> run.run(customer, JAN_1, JAN_1))).isEmpty();
        advanceTo(JAN_1.plusSeconds(3600));
        assertThat(invoices(customer)).hasSize(1);
    }
}
