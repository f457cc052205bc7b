package io.billstream.payment.recovery.application;

import java.time.Duration;
import java.time.Instant;

import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer on real time (no test clock): its failure is found by the scheduler's cross-tenant
 * question (due_payment_failures) and acted on at the tick's "now". The tick is called with a "now"
 * days ahead instead of waiting for them.
 */
class RealTimeRecoveryIntegrationTest extends BillingIntegrationTest {

    @Autowired
    RecoverySchedule schedule;

    @Test
    void the_scheduler_retries_a_real_time_failure_once_its_day_has_come() {
        String key = newTenant().adminKey();
        ok(api.send("PUT", "/v1/dunning-policy", key, "{\"retry_days\":[3,6],\"restrict_after_days\":null}"));
        String customer = created(api.post("/v1/customers", key, "{\"external_id\":\"now-1\",\"currency\":\"EUR\","
                + "\"email\":\"ap@now.example\"}")).get("id").asString();
        created(api.post("/v1/customers/now-1/payment-methods", key,
                "{\"provider\":\"sandbox\",\"provider_token\":\"sandbox_decline_do_not_honor\",\"type\":\"card\"}"));
        String invoice = created(api.post("/v1/invoices", key, "{\"customer\":\"now-1\",\"auto_finalize\":true,\"lines\":[{"
                + "\"description\":\"Consulting\",\"unit_price\":\"80.00\"}]}")).get("id").asString();

        // Auto-collection is sent right after the invoice's finalisation commits, and declined.
        JsonNode failure = awaitFailure(key, invoice);
        String id = failure.get("id").asString();
        Instant first = Instant.parse(failure.get("first_failed_at").asString());
        assertThat(failure.get("test_clock_id").isNull()).isTrue();
        assertThat(failure.get("reason").get("code").asString()).isEqualTo("do_not_honor");
        assertThat(failure.get("next_retry_at").asString()).isEqualTo(first.plus(Duration.ofDays(3)).toString());
        assertThat(failure.get("subscription_ids")).isEmpty();

        // A tick before the day does nothing.
        schedule.runDue(first.plus(Duration.ofDays(3)).minusSeconds(1));
        assertThat(ok(api.get("/v1/payment-failures/" + id, key)).get("attempt_count").asInt()).isEqualTo(1);

        // The first tick on or after it retries, at the tick's time.
        Instant tick = first.plus(Duration.ofDays(3)).plusSeconds(30);
        schedule.runDue(tick);
        JsonNode retried = ok(api.get("/v1/payment-failures/" + id, key));
        assertThat(retried.get("attempt_count").asInt()).isEqualTo(2);
        assertThat(retried.get("retries_used").asInt()).isEqualTo(1);
        assertThat(retried.get("next_retry_at").asString()).isEqualTo(first.plus(Duration.ofDays(6)).toString());
        assertThat(retried.get("latest_payment").get("created_at").asString()).isEqualTo(tick.toString());
        assertThat(retried.get("latest_payment").get("status").asString()).isEqualTo("failed");
        // The same tick again finds nothing more to do.
        schedule.runDue(tick);
        assertThat(ok(api.get("/v1/payment-failures/" + id, key)).get("attempt_count").asInt()).isEqualTo(2);

        schedule.runDue(first.plus(Duration.ofDays(6)));
        JsonNode exhausted = ok(api.get("/v1/payment-failures/" + id, key));
        assertThat(exhausted.get("status").asString()).isEqualTo("exhausted");
        assertThat(exhausted.get("attempt_count").asInt()).isEqualTo(3);
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("uncollectible");
        assertThat(eventTypes(key, customer).stream().filter(t -> t.startsWith("payment_failure.")).toList()).containsExactly(
                "payment_failure.created", "payment_failure.retry_scheduled", "payment_failure.retry_scheduled",
                "payment_failure.exhausted");
    }

    private JsonNode awaitFailure(String key, String invoice) {
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plusSeconds(20);
        while (true) {
            JsonNode data = ok(api.get("/v1/payment-failures?invoice=" + invoice, key)).get("data");
            if (!data.isEmpty()) {
                return data.get(0);
            }
            if (Instant.ofEpochMilli(System.currentTimeMillis()).isAfter(deadline)) {
                throw new AssertionError("no payment failure for " + invoice);
            }
            sleep(50);
        }
    }
}
