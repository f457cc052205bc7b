package io.billstream.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageEventTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30.123Z");

    @Test
    void the_api_json_names_the_customer_the_metric_and_an_rfc_3339_timestamp() {
        // given
        UsageEvent event = UsageEvent.of("b0-0000000001-abc", 17, false, "api_calls", NOW, false,
                "{\"region\":\"eu-west-1\",\"status\":200}", null);

        // when
        JsonNode json = JSON.readTree(event.json());

        // then
        assertThat(json.propertyNames()).containsExactly("transaction_id", "external_customer_id", "code", "timestamp", "properties");
        assertThat(json.get("transaction_id").asString()).isEqualTo("b0-0000000001-abc");
        assertThat(json.get("external_customer_id").asString()).isEqualTo("c-17");
        assertThat(json.get("code").asString()).isEqualTo("api_calls");
        assertThat(json.get("timestamp").asString()).isEqualTo("2026-11-21T10:15:30.123Z");
        assertThat(json.get("properties").get("status").asInt()).isEqualTo(200);
    }

    @Test
    void an_event_by_subscription_with_unix_seconds_is_stored_at_the_whole_second() {
        // given
        UsageEvent event = UsageEvent.of("t-1", 3, true, "seats", NOW, true, "{\"seats\":5}", "5");

        // when
        JsonNode json = JSON.readTree(event.json());

        // then
        assertThat(json.get("external_subscription_id").asString()).isEqualTo("s-3");
        assertThat(json.has("external_customer_id")).isFalse();
        assertThat(json.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(json.get("timestamp").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(event.storedOccurredAt()).isEqualTo(Instant.parse("2026-11-21T10:15:30Z"));
    }

    @Test
    void the_copy_line_has_the_ten_columns_in_order_and_null_as_backslash_n() {
        // given
        UsageEvent counted = UsageEvent.of("t-1", 0, false, "api_calls", NOW, false, "{\"region\":\"eu-west-1\"}", null);
        UsageEvent summed = UsageEvent.of("t-2", 0, false, "storage_gb", NOW, true, "{\"gb\":1.5}", "1.5");
        StringBuilder text = new StringBuilder();

        // when
        counted.appendCopyLine(text, "ten_x", "cus_1", "sub_1", "2026-11-21T10:16:00Z");
        summed.appendCopyLine(text, "ten_x", "cus_1", "sub_1", "2026-11-21T10:16:00Z");

        // then
        assertThat(text.toString().split("\n")).containsExactly(
                "ten_x\tt-1\tapi_calls\tcus_1\tsub_1\t2026-11-21T10:15:30.123Z\t{\"region\":\"eu-west-1\"}\t\\N\tapi\t2026-11-21T10:16:00Z",
                "ten_x\tt-2\tstorage_gb\tcus_1\tsub_1\t2026-11-21T10:15:30Z\t{\"gb\":1.5}\t1.5\tapi\t2026-11-21T10:16:00Z");
        assertThat(UsageCopyCeiling.COLUMNS.split(",")).hasSize(10);
    }

    @Test
    void a_property_that_would_need_copy_escaping_is_refused_rather_than_loaded_wrong() {
        // given
        UsageEvent event = UsageEvent.of("t-1", 0, false, "api_calls", NOW, false, "{\"path\":\"C:\\\\temp\"}", null);

        // when / then
        assertThatThrownBy(() -> event.appendCopyLine(new StringBuilder(), "ten_x", "cus_1", "sub_1", "2026-11-21T10:16:00Z"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("escaping");
    }

    @Test
    void generated_events_have_distinct_transaction_ids_valid_json_and_no_timestamp_before_the_subscriptions() {
        // given
        Instant notBefore = NOW.minusSeconds(10);
        var generator = new UsageEventGenerator("b7", 1000, notBefore, Clock.fixed(NOW, ZoneOffset.UTC));
        Set<String> ids = new HashSet<>();
        Set<String> metrics = new HashSet<>();

        // when
        for (int i = 0; i < 20_000; i++) {
            UsageEvent event = generator.next();
            ids.add(event.transactionId());
            metrics.add(event.metricCode());
            JsonNode json = JSON.readTree(event.json());

            // then
            assertThat(event.transactionId()).startsWith("b7-").hasSizeLessThanOrEqualTo(128);
            assertThat(event.storedOccurredAt()).isBetween(notBefore.minusSeconds(1), NOW);
            assertThat(event.customer()).isBetween(0, 999);
            assertThat(json.get("code").asString()).isEqualTo(event.metricCode());
            if (event.value() != null) {
                assertThat(json.get("properties").get(fieldOf(event.metricCode())).decimalValue())
                        .isEqualByComparingTo(event.value());
            }
        }
        assertThat(ids).hasSize(20_000);
        assertThat(metrics).containsExactlyInAnyOrder("api_calls", "storage_gb", "seats", "active_users");
    }

    private static String fieldOf(String metricCode) {
        return UsageEventGenerator.METRICS.stream().filter(m -> m.code().equals(metricCode)).findFirst().orElseThrow().fieldName();
    }
}
