package io.billstream.usage.domain;

import java.util.List;
import java.util.Map;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ImportMappingTest {

    private static final List<String> HEADER = List.of("txn", "customer", "metric", "ts", "region");

    @Test
    void each_mapped_field_resolves_to_its_column() {
        ImportColumns columns = new ImportMapping(Map.of("transaction_id", "txn", "external_customer_id", "customer",
                "code", "metric", "timestamp", "ts", "properties.region", "region")).resolve(HEADER);
        assertThat(columns.index("transaction_id")).isZero();
        assertThat(columns.index("timestamp")).isEqualTo(3);
        assertThat(columns.index("external_subscription_id")).isEqualTo(-1);
        assertThat(columns.properties()).containsExactly(entry("region", 4));
        assertThat(columns.mapping()).containsEntry("code", "metric").containsEntry("properties.region", "region");
    }

    @Test
    void a_field_left_unmapped_is_read_from_a_column_of_its_own_name() {
        ImportColumns columns = new ImportMapping(Map.of("external_customer_id", "account"))
                .resolve(List.of("transaction_id", "account", "code", "properties.gb", "comment"));
        assertThat(columns.mapping()).containsOnly(entry("transaction_id", "transaction_id"), entry("external_customer_id", "account"),
                entry("code", "code"), entry("properties.gb", "properties.gb"));
        assertThat(columns.properties()).containsExactly(entry("gb", 3));
    }

    @Test
    void a_mapping_naming_a_column_the_header_lacks_names_the_mapping_field() {
        assertThatThrownBy(() -> new ImportMapping(Map.of("transaction_id", "txn", "external_customer_id", "customer",
                "code", "metrics")).resolve(HEADER))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("mapping.code");
                    assertThat(e.getMessage()).contains("no column named metrics").contains("txn, customer, metric, ts, region");
                });
    }

    @Test
    void every_line_needs_a_transaction_id_a_metric_and_a_customer_or_subscription() {
        assertThatThrownBy(() -> new ImportMapping(Map.of("external_customer_id", "customer", "code", "metric")).resolve(HEADER))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.transaction_id"));
        assertThatThrownBy(() -> new ImportMapping(Map.of("transaction_id", "txn", "external_customer_id", "customer")).resolve(HEADER))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.code"));
        assertThatThrownBy(() -> new ImportMapping(Map.of("transaction_id", "txn", "code", "metric")).resolve(HEADER))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.external_customer_id"));
    }

    @Test
    void only_event_fields_can_be_mapped_and_only_to_a_named_column() {
        assertThatThrownBy(() -> new ImportMapping(Map.of("customer", "customer")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.customer"));
        assertThatThrownBy(() -> new ImportMapping(Map.of("properties.", "region")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.properties."));
        assertThatThrownBy(() -> new ImportMapping(Map.of("code", " ")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("mapping.code"));
    }

    @Test
    void a_column_named_twice_in_the_header_cannot_be_mapped() {
        assertThatThrownBy(() -> new ImportMapping(Map.of("transaction_id", "id", "external_customer_id", "c", "code", "m"))
                .resolve(List.of("id", "c", "m", "id")))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.field()).isEqualTo("mapping.transaction_id");
                    assertThat(e.getMessage()).contains("more than one column named id");
                });
    }
}
