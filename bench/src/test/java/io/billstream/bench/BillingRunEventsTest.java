package io.billstream.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BillingRunEventsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant PERIOD_START = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void every_subscription_gets_its_events_once_across_batches_of_the_given_size() {
        // given: 7 subscriptions × 10 events in batches of 16 (the last one shorter)
        BillingRunEvents events = new BillingRunEvents(7, 10, PERIOD_START, 16);

        // when
        Set<String> transactionIds = new HashSet<>();
        Map<String, Integer> calls = new HashMap<>();
        Map<String, Integer> readings = new HashMap<>();
        long sent = 0;
        for (int b = 0; b < events.batches(); b++) {
            JsonNode batch = JSON.readTree(events.batch(b));
            assertThat(batch.size()).isEqualTo(events.size(b));
            for (JsonNode event : batch) {
                sent++;
                transactionIds.add(event.get("transaction_id").asString());
                String customer = event.get("external_customer_id").asString();
                if (event.get("code").asString().equals("api_calls")) {
                    calls.merge(customer, 1, Integer::sum);
                } else {
                    assertThat(event.get("code").asString()).isEqualTo("storage_gb");
                    assertThat(event.get("properties").get("gb").decimalValue()).isEqualByComparingTo("2.5");
                    readings.merge(customer, 1, Integer::sum);
                }
            }
        }

        // then
        assertThat(events.batches()).isEqualTo(5);
        assertThat(events.size(4)).isEqualTo(6);
        assertThat(sent).isEqualTo(70).isEqualTo(events.total());
        assertThat(transactionIds).hasSize(70);
        assertThat(calls).hasSize(7).allSatisfy((customer, count) -> assertThat(count).isEqualTo(BillingRunPlan.apiCalls(10)));
        assertThat(readings).hasSize(7).allSatisfy((customer, count) -> assertThat(count).isEqualTo(BillingRunPlan.storageReadings(10)));
    }

    @Test
    void events_are_spread_from_one_hour_to_twenty_hours_into_the_period() {
        // given
        BillingRunEvents events = new BillingRunEvents(1, 10, PERIOD_START, 1000);

        // when
        JsonNode batch = JSON.readTree(events.batch(0));

        // then: within a day of a clock an hour into the period, and inside the first period
        assertThat(Instant.parse(batch.get(0).get("timestamp").asString())).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(Instant.parse(batch.get(9).get("timestamp").asString())).isEqualTo("2026-01-01T20:00:00Z");
        for (JsonNode event : batch) {
            Instant at = Instant.parse(event.get("timestamp").asString());
            assertThat(at).isBetween(Instant.parse("2026-01-01T01:00:00Z"), Instant.parse("2026-01-01T20:00:00Z"));
        }
    }

    @Test
    void a_single_event_per_subscription_is_stamped_one_hour_in() {
        // expect
        assertThat(new BillingRunEvents(3, 1, PERIOD_START, 1000).timestamp(0)).isEqualTo("2026-01-01T01:00:00Z");
    }
}
