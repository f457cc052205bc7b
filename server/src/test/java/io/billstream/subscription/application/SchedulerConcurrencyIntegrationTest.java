package io.billstream.subscription.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.billstream.platform.scheduling.BillingScheduler;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Time-driven transitions run once, however many scheduler instances or threads reach them together. */
class SchedulerConcurrencyIntegrationTest extends BillingIntegrationTest {

    @Autowired
    BillingScheduler billingScheduler;

    @Autowired
    SubscriptionTimeline timeline;

    @Test
    void three_scheduler_instances_on_one_database_start_each_subscription_once() {
        String key = newTenant().adminKey();
        createPlan(key, "{\"code\":\"daily\",\"name\":\"Daily\",\"interval\":\"day\",\"currency\":\"USD\",\"amount_minor\":100}");
        Instant startAt = Instant.ofEpochMilli(System.currentTimeMillis()).plusSeconds(3);
        List<String> customers = new ArrayList<>();
        List<String> subscriptions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String customer = created(api.post("/v1/customers", key, "{}")).get("id").asString();
            customers.add(customer);
            subscriptions.add(created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer
                    + "\",\"plan_code\":\"daily\",\"start_at\":\"" + startAt + "\"}")).get("id").asString());
        }
        // This server's own scheduler plus two more instances, as if three servers shared the database.
        Scheduler second = billingScheduler.build("instance-b");
        Scheduler third = billingScheduler.build("instance-c");
        second.start();
        third.start();
        try {
            for (String subscription : subscriptions) {
                waitUntilActive(key, subscription);
            }
        } finally {
            second.stop();
            third.stop();
        }
        for (int i = 0; i < customers.size(); i++) {
            assertThat(eventTypes(key, customers.get(i)).stream().filter("subscription.activated"::equals)).hasSize(1);
            assertThat(ok(api.get("/v1/subscriptions/" + subscriptions.get(i) + "/billing-periods", key)).get("data")).hasSize(1);
        }
    }

    @Test
    void eight_threads_reaching_the_same_due_transition_apply_it_once() throws Exception {
        var tenant = newTenant();
        String key = tenant.adminKey();
        createPlan(key, "{\"code\":\"daily\",\"name\":\"Daily\",\"interval\":\"day\",\"currency\":\"USD\",\"amount_minor\":100}");
        // On a test clock, so that only this test moves the subscription.
        String clock = createClock(key, Instant.parse("2026-01-01T00:00:00Z"));
        String customer = created(api.post("/v1/customers", key, "{\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        Instant startAt = Instant.parse("2026-01-02T00:00:00Z");
        String subscription = created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer
                + "\",\"plan_code\":\"daily\",\"start_at\":\"" + startAt + "\"}")).get("id").asString();

        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                Callable<Boolean> step = () -> {
                    go.await();
                    return TenantContext.callAs(tenant.id(), () -> timeline.step(subscription, startAt));
                };
                results.add(threads.submit(step));
            }
            go.countDown();
            int applied = 0;
            for (Future<Boolean> result : results) {
                applied += result.get() ? 1 : 0;
            }
            assertThat(applied).as("threads that applied the start").isEqualTo(1);
        }
        JsonNode active = ok(api.get("/v1/subscriptions/" + subscription, key));
        assertThat(active.get("status").asString()).isEqualTo("active");
        assertThat(eventTypes(key, customer).stream().filter("subscription.activated"::equals)).hasSize(1);
        assertThat(ok(api.get("/v1/subscriptions/" + subscription + "/billing-periods", key)).get("data")).hasSize(1);
    }

    private void waitUntilActive(String key, String subscription) {
        for (int i = 0; i < 300; i++) {
            if (ok(api.get("/v1/subscriptions/" + subscription, key)).get("status").asString().equals("active")) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("Subscription " + subscription + " did not start");
    }
}
