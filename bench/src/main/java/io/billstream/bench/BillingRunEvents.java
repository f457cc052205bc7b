package io.billstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The usage of the billing-run benchmark, as {@code POST /v1/events/batch} bodies: for each of S
 * subscriptions ({@code c-0} … by external customer ID) E events, API calls and storage readings in
 * turn ({@link BillingRunPlan}), stamped from {@link #FIRST_EVENT} to {@link #LAST_EVENT} after the
 * period's start, evenly spread. A test-clock customer's event must lie within a day of the clock's
 * time, so the events are sent with the clock an hour into the first period. Transaction IDs
 * {@code bill-<subscription>-<event>} are unique by construction.
 */
final class BillingRunEvents {

    static final Duration FIRST_EVENT = Duration.ofHours(1);
    static final Duration LAST_EVENT = Duration.ofHours(20);

    private final int subscriptions;
    private final int eventsPerSubscription;
    private final Instant periodStart;
    private final int batchSize;

    BillingRunEvents(int subscriptions, int eventsPerSubscription, Instant periodStart, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.subscriptions = subscriptions;
        this.eventsPerSubscription = eventsPerSubscription;
        this.periodStart = periodStart;
        this.batchSize = batchSize;
    }

    long total() {
        return (long) subscriptions * eventsPerSubscription;
    }

    int batches() {
        return Math.toIntExact((total() + batchSize - 1) / batchSize);
    }

    /** Events in batch {@code index}: the batch size, except for a shorter last one. */
    int size(int index) {
        return (int) Math.min(batchSize, total() - (long) index * batchSize);
    }

    /** Batch {@code index} as a JSON array. */
    String batch(int index) {
        StringBuilder json = new StringBuilder(size(index) * 170).append('[');
        long first = (long) index * batchSize;
        for (long n = first; n < first + size(index); n++) {
            int subscription = (int) (n / eventsPerSubscription);
            int event = (int) (n % eventsPerSubscription);
            json.append(n == first ? "" : ",");
            appendEvent(json, subscription, event);
        }
        return json.append(']').toString();
    }

    /** When event {@code event} of each subscription happened, to the second. */
    Instant timestamp(int event) {
        long spanS = LAST_EVENT.minus(FIRST_EVENT).toSeconds();
        long offsetS = eventsPerSubscription < 2 ? 0 : spanS * event / (eventsPerSubscription - 1);
        return periodStart.plus(FIRST_EVENT).plusSeconds(offsetS);
    }

    private void appendEvent(StringBuilder json, int subscription, int event) {
        boolean apiCall = BillingRunPlan.isApiCall(event);
        json.append("{\"transaction_id\":\"bill-").append(subscription).append('-').append(event)
                .append("\",\"external_customer_id\":\"c-").append(subscription)
                .append("\",\"code\":\"").append(apiCall ? BillingRunPlan.API_CALLS : BillingRunPlan.STORAGE_GB)
                .append("\",\"timestamp\":\"").append(DateTimeFormatter.ISO_INSTANT.format(timestamp(event)))
                .append("\",\"properties\":")
                .append(apiCall ? "{\"endpoint\":\"/v1/orders\",\"method\":\"POST\"}"
                        : "{\"gb\":" + BillingRunPlan.GB_PER_READING.toPlainString() + "}")
                .append('}');
    }
}
