package io.billstream.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Seeds the server through its public API only, as a user would: a tenant, the metrics of
 * {@link UsageEventGenerator#METRICS}, a monthly plan with a usage charge on each (and, unless told
 * otherwise, a limit on API calls, so that ingestion also queues entitlement refreshes as it does for
 * a plan that limits usage), N customers {@code c-<n>} each with a subscription {@code s-<n>}, and an
 * API key with only {@code usage:write}.
 */
final class UsageSeeding {

    /** What the load needs. */
    record Seeded(String tenantId, String usageKey, List<String> customerIds, List<String> subscriptionIds, Instant seededAt) {
    }

    private UsageSeeding() {
    }

    static Seeded seed(String baseUrl, String operatorKey, int customers, int concurrency, boolean entitlementLimit, Clock clock)
            throws Exception {
        Instant started = clock.instant();
        try (var http = new SeedingClient(baseUrl)) {
            JsonNode tenant = http.created("POST", "/v1/tenants", operatorKey, "{\"name\":\"Usage benchmark\",\"slug\":\"usage-bench\"}");
            String tenantId = tenant.get("tenant").get("id").asString();
            String adminKey = tenant.get("admin_key").get("secret").asString();
            for (UsageEventGenerator.Metric metric : UsageEventGenerator.METRICS) {
                http.created("POST", "/v1/billable-metrics", adminKey, metric.createJson());
            }
            http.created("POST", "/v1/plans", adminKey, """
                    {"code":"metered","name":"Metered","interval":"month","currency":"USD","amount_minor":2900,
                     "charges":[
                       {"metric_code":"api_calls","charge_model":"graduated","properties":{"tiers":[
                          {"from":"0","up_to":"100000","unit_price":"0"},{"from":"100000","up_to":null,"unit_price":"0.0004"}]}},
                       {"metric_code":"storage_gb","charge_model":"standard","properties":{"unit_price":"0.023"}},
                       {"metric_code":"seats","charge_model":"standard","properties":{"unit_price":"8"}},
                       {"metric_code":"active_users","charge_model":"package","properties":{"package_size":"100","package_price":"5"}}],
                     "features":[%s]}
                    """.formatted(entitlementLimit
                    ? "{\"code\":\"api_calls\",\"type\":\"limit\",\"limit\":1000000000,\"reset\":\"period\",\"metric_code\":\"api_calls\"}"
                    : ""));
            String usageKey = http.created("POST", "/v1/api-keys", adminKey, "{\"name\":\"ingestion\",\"scopes\":[\"usage:write\"]}")
                    .get("secret").asString();

            UsageIngestionBenchmark.log("Seeding " + customers + " customers, each with a subscription to 'metered'");
            String[] customerIds = new String[customers];
            String[] subscriptionIds = new String[customers];
            SeedingClient.inParallel(customers, concurrency, i -> {
                customerIds[i] = http.created("POST", "/v1/customers", adminKey, "{\"external_id\":\"c-" + i + "\"}").get("id").asString();
                subscriptionIds[i] = http.created("POST", "/v1/subscriptions", adminKey,
                        "{\"customer_id\":\"c-" + i + "\",\"plan_code\":\"metered\",\"external_id\":\"s-" + i + "\"}").get("id").asString();
            });
            Instant seededAt = clock.instant();
            UsageIngestionBenchmark.log(String.format(java.util.Locale.ROOT, "Seeded in %.1f s",
                    Duration.between(started, seededAt).toMillis() / 1000.0));
            return new Seeded(tenantId, usageKey, List.of(customerIds), List.of(subscriptionIds), seededAt);
        }
    }
}
