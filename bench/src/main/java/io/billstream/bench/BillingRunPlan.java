package io.billstream.bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The billing-run benchmark's catalog and usage, and the invoices they must produce, worked out by
 * hand here rather than read back from the server: a monthly USD plan with a base fee in advance, a
 * graduated charge on API calls (the first two free) and a standard charge on stored gigabytes.
 * Every subscription gets the same events, so every invoice of a billing date has the same lines.
 *
 * <p>Event {@code j} of a subscription is an API call when {@code j} is even, else a storage reading
 * of 2.5 GB. The tenant rounds half-up (its default), once per line, to cents.
 */
final class BillingRunPlan {

    static final String PLAN_CODE = "usage_monthly";
    static final String API_CALLS = "api_calls";
    static final String STORAGE_GB = "storage_gb";
    static final long BASE_FEE_MINOR = 2900;
    static final int FREE_API_CALLS = 2;
    static final BigDecimal API_CALL_PRICE = new BigDecimal("0.35");
    static final BigDecimal GB_PER_READING = new BigDecimal("2.5");
    static final BigDecimal GB_PRICE = new BigDecimal("0.023");
    private static final int CENTS = 2;

    /** One invoice line as the database holds it: its kind, the metric it bills (empty for fees) and its amount in cents. */
    record Line(String kind, String metricCode, long amountMinor) {

        String key() {
            return kind + "|" + metricCode + "|" + amountMinor;
        }
    }

    private BillingRunPlan() {
    }

    static List<String> metricsJson() {
        return List.of(
                "{\"code\":\"" + API_CALLS + "\",\"name\":\"API calls\",\"aggregation\":\"count\"}",
                "{\"code\":\"" + STORAGE_GB + "\",\"name\":\"Storage\",\"aggregation\":\"sum\",\"field_name\":\"gb\"}");
    }

    static String planJson() {
        return """
                {"code":"%s","name":"Usage monthly","interval":"month","currency":"USD","amount_minor":%d,"fee_timing":"in_advance",
                 "charges":[
                   {"metric_code":"%s","charge_model":"graduated","properties":{"tiers":[
                      {"from":"0","up_to":"%d","unit_price":"0"},{"from":"%d","up_to":null,"unit_price":"%s"}]}},
                   {"metric_code":"%s","charge_model":"standard","properties":{"unit_price":"%s"}}]}
                """.formatted(PLAN_CODE, BASE_FEE_MINOR, API_CALLS, FREE_API_CALLS, FREE_API_CALLS, API_CALL_PRICE.toPlainString(),
                STORAGE_GB, GB_PRICE.toPlainString());
    }

    static boolean isApiCall(int event) {
        return event % 2 == 0;
    }

    static int apiCalls(int eventsPerSubscription) {
        return (eventsPerSubscription + 1) / 2;
    }

    static int storageReadings(int eventsPerSubscription) {
        return eventsPerSubscription / 2;
    }

    /** The invoice at the start of the first period: its base fee in advance, no usage yet. */
    static List<Line> firstPeriodLines() {
        return List.of(new Line("base_fee", "", BASE_FEE_MINOR));
    }

    /**
     * The invoice at the end of the first period: its usage in arrears (a line per charge, at zero when
     * unused) and the second period's base fee in advance.
     */
    static List<Line> periodEndLines(int eventsPerSubscription) {
        BigDecimal billableCalls = BigDecimal.valueOf(Math.max(0, apiCalls(eventsPerSubscription) - FREE_API_CALLS));
        BigDecimal gigabytes = GB_PER_READING.multiply(BigDecimal.valueOf(storageReadings(eventsPerSubscription)));
        return List.of(
                new Line("usage", API_CALLS, cents(billableCalls.multiply(API_CALL_PRICE))),
                new Line("usage", STORAGE_GB, cents(gigabytes.multiply(GB_PRICE))),
                new Line("base_fee", "", BASE_FEE_MINOR));
    }

    static long totalMinor(List<Line> lines) {
        return lines.stream().mapToLong(Line::amountMinor).sum();
    }

    private static long cents(BigDecimal amount) {
        return amount.setScale(CENTS, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }
}
