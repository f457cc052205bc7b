package io.billstream.bench;

import java.time.Instant;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * Seeds the billing-run benchmark through the public API only, as a user would: a tenant, the two
 * metrics and the plan of {@link BillingRunPlan}, one test clock frozen at the start of the first
 * period, and S customers {@code c-<n>} on that clock, each with a subscription {@code s-<n>} that
 * starts at the clock's time. Customers keep the default grace period of 0 days, so the runs finalise
 * their invoices.
 */
final class BillingRunSeeding {

    /** The test clock's time when the subscriptions start, so the first period's start. */
    static final Instant PERIOD_START = Instant.parse("2026-01-01T00:00:00Z");

    record Seeded(String tenantId, String adminKey, String clockId) {
    }

    private BillingRunSeeding() {
    }

    static Seeded seed(SeedingClient http, String operatorKey, int subscriptions, int concurrency) throws Exception {
        long start = System.nanoTime();
        JsonNode tenant = http.created("POST", "/v1/tenants", operatorKey, "{\"name\":\"Billing run benchmark\",\"slug\":\"billing-bench\"}");
        String tenantId = tenant.get("tenant").get("id").asString();
        String adminKey = tenant.get("admin_key").get("secret").asString();
        for (String metric : BillingRunPlan.metricsJson()) {
            http.created("POST", "/v1/billable-metrics", adminKey, metric);
        }
        http.created("POST", "/v1/plans", adminKey, BillingRunPlan.planJson());
        String clockId = http.created("POST", "/v1/test-clocks", adminKey,
                "{\"name\":\"billing run benchmark\",\"frozen_time\":\"" + PERIOD_START + "\"}").get("id").asString();

        BillingRunBenchmark.log("Seeding " + subscriptions + " customers on test clock " + clockId + ", each with a subscription to '"
                + BillingRunPlan.PLAN_CODE + "'");
        SeedingClient.inParallel(subscriptions, concurrency, i -> {
            http.created("POST", "/v1/customers", adminKey,
                    "{\"external_id\":\"c-" + i + "\",\"currency\":\"USD\",\"test_clock\":\"" + clockId + "\"}");
            http.created("POST", "/v1/subscriptions", adminKey,
                    "{\"customer_id\":\"c-" + i + "\",\"plan_code\":\"" + BillingRunPlan.PLAN_CODE + "\",\"external_id\":\"s-" + i + "\"}");
        });
        BillingRunBenchmark.log(String.format(Locale.ROOT, "Seeded in %.1f s", (System.nanoTime() - start) / 1e9));
        return new Seeded(tenantId, adminKey, clockId);
    }

    /**
     * Sends every batch, {@code concurrency} at a time; each must be accepted in full (none
     * duplicate, none rejected), or the seeding fails.
     */
    static void sendEvents(SeedingClient http, Seeded seeded, BillingRunEvents events, int concurrency) throws Exception {
        long start = System.nanoTime();
        BillingRunBenchmark.log(String.format(Locale.ROOT, "Sending %,d usage events in %,d batches", events.total(), events.batches()));
        SeedingClient.inParallel(events.batches(), concurrency, i -> {
            JsonNode answer = http.call("POST", "/v1/events/batch", seeded.adminKey(), events.batch(i), 200);
            long accepted = answer.path("accepted").asLong(-1);
            if (accepted != events.size(i) || answer.path("rejected").asLong(-1) != 0) {
                throw new IllegalStateException("Batch " + i + " of " + events.size(i) + " events: accepted " + accepted + ", rejected "
                        + answer.path("rejected") + "; first outcomes: " + shorten(answer.path("data").toString()));
            }
        });
        BillingRunBenchmark.log(String.format(Locale.ROOT, "Sent in %.1f s", (System.nanoTime() - start) / 1e9));
    }

    private static String shorten(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "…";
    }
}
