package io.billstream.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Realistic usage events, about 200 bytes of JSON each: mostly API calls with their region,
 * endpoint, method and status, and some storage, seat and active-user readings, for random seeded
 * customers, addressed by customer or by subscription, stamped within the last minute. Every fresh
 * event has a new transaction ID, unique by construction (a prefix per generator and a sequence
 * number), so the number of distinct IDs sent is known exactly. Not thread-safe: one per client.
 */
final class UsageEventGenerator {

    /** A billable metric of the benchmark's plan, and its share of the traffic. */
    record Metric(String code, String name, String aggregation, String fieldName, List<String> groupBy, int sharePercent) {

        String createJson() {
            return "{\"code\":\"" + code + "\",\"name\":\"" + name + "\",\"aggregation\":\"" + aggregation + "\""
                    + (fieldName == null ? "" : ",\"field_name\":\"" + fieldName + "\"")
                    + ",\"group_by\":[" + String.join(",", groupBy.stream().map(g -> "\"" + g + "\"").toList()) + "]}";
        }
    }

    static final List<Metric> METRICS = List.of(
            new Metric("api_calls", "API calls", "count", null, List.of("region"), 70),
            new Metric("storage_gb", "Storage", "sum", "gb", List.of("region"), 10),
            new Metric("seats", "Seats", "max", "seats", List.of(), 10),
            new Metric("active_users", "Active users", "unique_count", "user_id", List.of(), 10));

    private static final long MAX_AGE_MS = 60_000;
    private static final int BY_SUBSCRIPTION_PERCENT = 20;
    private static final int UNIX_SECONDS_PERCENT = 10;
    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"};
    private static final String[] ENDPOINTS = {"/v1/orders", "/v1/orders/{id}", "/v1/products", "/v1/search", "/v1/carts/{id}",
            "/v1/checkout", "/v1/users/{id}", "/v1/reports"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "POST", "PUT", "DELETE"};
    private static final int[] STATUSES = {200, 200, 200, 200, 200, 201, 204, 400, 404, 500};
    private static final String[] TIERS = {"standard", "archive"};
    private static final String[] APPS = {"web", "ios", "android"};

    private final String prefix;
    private final int customers;
    private final Instant notBefore;
    private final Clock clock;
    private long sequence;

    /**
     * @param prefix    makes this generator's transaction IDs distinct from every other's
     * @param notBefore no event is older: the seeded subscriptions started before it
     */
    UsageEventGenerator(String prefix, int customers, Instant notBefore, Clock clock) {
        this.prefix = prefix;
        this.customers = customers;
        this.notBefore = notBefore.truncatedTo(ChronoUnit.MILLIS);
        this.clock = clock;
    }

    UsageEvent next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Instant occurredAt = clock.instant().minusMillis(random.nextLong(MAX_AGE_MS)).truncatedTo(ChronoUnit.MILLIS);
        if (occurredAt.isBefore(notBefore)) {
            occurredAt = notBefore;
        }
        Metric metric = pickMetric(random.nextInt(100));
        String region = pick(random, REGIONS);
        String properties;
        String value;
        switch (metric.code()) {
            case "api_calls" -> {
                properties = "{\"region\":\"" + region + "\",\"endpoint\":\"" + pick(random, ENDPOINTS) + "\",\"method\":\""
                        + pick(random, METHODS) + "\",\"status\":" + STATUSES[random.nextInt(STATUSES.length)] + "}";
                value = null;
            }
            case "storage_gb" -> {
                long gbThousandths = random.nextLong(1, 500_000);
                value = gbThousandths / 1000 + "." + String.valueOf(1000 + gbThousandths % 1000).substring(1);
                properties = "{\"region\":\"" + region + "\",\"bucket\":\"b-" + random.nextInt(100) + "\",\"tier\":\""
                        + pick(random, TIERS) + "\",\"gb\":" + value + "}";
            }
            case "seats" -> {
                value = Integer.toString(random.nextInt(1, 200));
                properties = "{\"seats\":" + value + ",\"team\":\"t-" + random.nextInt(20) + "\",\"source\":\"scim\"}";
            }
            case "active_users" -> {
                properties = "{\"user_id\":\"u-" + random.nextInt(100_000) + "\",\"app\":\"" + pick(random, APPS)
                        + "\",\"region\":\"" + region + "\"}";
                value = null;
            }
            default -> throw new IllegalStateException(metric.code());
        }
        return UsageEvent.of(nextTransactionId(random), random.nextInt(customers), random.nextInt(100) < BY_SUBSCRIPTION_PERCENT,
                metric.code(), occurredAt, random.nextInt(100) < UNIX_SECONDS_PERCENT, properties, value);
    }

    /** Like a client's UUIDs in length, but unique by construction: prefix, sequence number, random tail. */
    private String nextTransactionId(ThreadLocalRandom random) {
        String number = Long.toString(++sequence);
        String tail = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        return prefix + "-" + "0".repeat(Math.max(0, 10 - number.length())) + number + "-" + tail.substring(tail.length() - 12);
    }

    private static Metric pickMetric(int percent) {
        int upTo = 0;
        for (Metric metric : METRICS) {
            upTo += metric.sharePercent();
            if (percent < upTo) {
                return metric;
            }
        }
        throw new IllegalStateException("Metric shares must add up to 100");
    }

    private static String pick(ThreadLocalRandom random, String[] values) {
        return values[random.nextInt(values.length)];
    }
}
