package io.billstream.webhook.mapping;

import io.billstream.platform.domain.InvalidValueException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMappingTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final JsonNode INVOICE_PAID = json("""
            {"id": "evt_1", "object": "billing_event", "type": "invoice.paid", "sequence": 42,
             "occurred_at": "2026-03-01T23:30:00Z", "customer_id": "cus_1",
             "data": {"object": {"id": "inv_1", "status": "paid", "currency": "USD", "amount_due_minor": 1999,
                                 "total_minor": 250000, "period_start": "2026-02-01", "attempts": 2,
                                 "lines": [{"amount_minor": 1500}, {"amount_minor": 499}]}}}
            """);

    @Test
    void a_path_copies_a_value_and_a_dotted_target_nests() {
        JsonNode payload = FieldMapping.parse(json("""
                {"event_id": {"path": "$.id"}, "customer.reference": "$.customer_id", "customer.invoice": "$.data.object.id"}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"event_id": "evt_1", "customer": {"reference": "cus_1", "invoice": "inv_1"}}"""));
    }

    @Test
    void a_path_may_select_several_values_and_objects() {
        JsonNode payload = FieldMapping.parse(json("""
                {"amounts": "$.data.object.lines[*].amount_minor", "first_line": "$.data.object.lines[0]",
                 "big": "$.data.object.lines[?(@.amount_minor > 1000)].amount_minor", "quoted": "$['data']['object']['id']"}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"amounts": [1500, 499], "first_line": {"amount_minor": 1500}, "big": [1500], "quoted": "inv_1"}"""));
    }

    @Test
    void a_path_that_selects_nothing_gives_null_and_skips_the_transform() {
        JsonNode payload = FieldMapping.parse(json("""
                {"missing": "$.data.object.nothing_here",
                 "missing_amount": {"path": "$.data.object.absent", "transform": {"type": "minor_units_to_decimal"}}}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"missing": null, "missing_amount": null}"""));
    }

    @Test
    void a_constant_is_sent_as_given() {
        JsonNode payload = FieldMapping.parse(json("""
                {"source": {"constant": "billstream"}, "version": {"constant": 2}, "tags": {"constant": ["a", {"b": true}]}}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"source": "billstream", "version": 2, "tags": ["a", {"b": true}]}"""));
    }

    @Test
    void minor_units_become_a_decimal_string_in_the_events_currency() {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"amount": {"path": "$.data.object.amount_due_minor", "transform": {"type": "minor_units_to_decimal"}}}
                """));

        assertThat(mapping.render(INVOICE_PAID).get("amount").asString()).isEqualTo("19.99");
        assertThat(mapping.render(withCurrency("JPY")).get("amount").asString()).isEqualTo("1999");
        assertThat(mapping.render(withCurrency("KWD")).get("amount").asString()).isEqualTo("1.999");
    }

    @Test
    void minor_units_may_use_a_fixed_currency_or_another_path() {
        JsonNode payload = FieldMapping.parse(json("""
                {"fixed": {"path": "$.data.object.total_minor", "transform": {"type": "minor_units_to_decimal", "currency": "KWD"}},
                 "lines": {"path": "$.data.object.lines[1].amount_minor",
                           "transform": {"type": "minor_units_to_decimal", "currency_path": "$.data.object.currency"}}}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"fixed": "250.000", "lines": "4.99"}"""));
    }

    @Test
    void minor_units_that_are_not_an_integer_fail_the_render_naming_the_field() {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"amount": {"path": "$.data.object.status", "transform": {"type": "minor_units_to_decimal"}}}
                """));

        assertThatThrownBy(() -> mapping.render(INVOICE_PAID))
                .isInstanceOf(FieldMappingException.class).extracting("field").isEqualTo("amount");
    }

    @Test
    void a_timestamp_is_formatted_with_a_pattern_in_a_zone() {
        JsonNode payload = FieldMapping.parse(json("""
                {"utc": {"path": "$.occurred_at", "transform": {"type": "date", "pattern": "yyyy-MM-dd HH:mm"}},
                 "berlin": {"path": "$.occurred_at", "transform": {"type": "date", "pattern": "dd.MM.yyyy HH:mm", "zone": "Europe/Berlin"}},
                 "date_only": {"path": "$.data.object.period_start", "transform": {"type": "date", "pattern": "MM/dd/yyyy"}},
                 "epoch": {"constant": 0, "transform": {"type": "date", "pattern": "yyyy-MM-dd'T'HH:mm:ssXXX"}}}
                """)).render(INVOICE_PAID);

        assertThat(payload).isEqualTo(json("""
                {"utc": "2026-03-01 23:30", "berlin": "02.03.2026 00:30", "date_only": "02/01/2026", "epoch": "1970-01-01T00:00:00Z"}"""));
    }

    @Test
    void a_value_that_is_not_a_date_fails_the_render() {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"when": {"path": "$.customer_id", "transform": {"type": "date", "pattern": "yyyy"}}}
                """));

        assertThatThrownBy(() -> mapping.render(INVOICE_PAID)).isInstanceOf(FieldMappingException.class)
                .hasMessageContaining("date");
    }

    @Test
    void a_lookup_table_replaces_values_and_falls_back_to_its_default() {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"state": {"path": "$.data.object.status", "transform": {"type": "lookup", "table": {"paid": "CLOSED", "open": "DUE"}, "default": "OTHER"}},
                 "tries": {"path": "$.data.object.attempts", "transform": {"type": "lookup", "table": {"1": "first", "2": "second"}}}}
                """));

        assertThat(mapping.render(INVOICE_PAID)).isEqualTo(json("""
                {"state": "CLOSED", "tries": "second"}"""));
        JsonNode voided = json(INVOICE_PAID.toString().replace("\"paid\"", "\"void\""));
        assertThat(mapping.render(voided).get("state").asString()).isEqualTo("OTHER");
    }

    @Test
    void a_lookup_without_a_default_fails_the_render_for_an_unknown_value() {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"state": {"path": "$.data.object.status", "transform": {"type": "lookup", "table": {"open": "DUE"}}}}
                """));

        assertThatThrownBy(() -> mapping.render(INVOICE_PAID)).isInstanceOf(FieldMappingException.class)
                .hasMessageContaining("'paid'").extracting("field").isEqualTo("state");
    }

    @Test
    void a_bad_jsonpath_is_refused_naming_the_mapping_field() {
        assertRefused("""
                {"amount": {"path": "$.data.object[amount"}}""", "field_mapping.amount.path");
        assertRefused("""
                {"amount": "data.object.amount"}""", "field_mapping.amount.path");
        assertRefused("""
                {"amount": {"path": "$..["}}""", "field_mapping.amount.path");
        assertRefused("""
                {"amount": {"path": "$.data["}}""", "field_mapping.amount.path");
        assertRefused("""
                {"amount": {"path": "$.data[?(@.x == 'a)]"}}""", "field_mapping.amount.path");
        assertRefused("""
                {"amount": {"path": 12}}""", "field_mapping.amount.path");
    }

    @Test
    void bad_transforms_are_refused_naming_the_transform_field() {
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "uppercase"}}}""", "field_mapping.a.transform.type");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "date", "pattern": "yyyy-MM-dd ppp Q{"}}}""", "field_mapping.a.transform.pattern");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "date"}}}""", "field_mapping.a.transform.pattern");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "date", "pattern": "yyyy", "zone": "Mars/Olympus"}}}""", "field_mapping.a.transform.zone");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "minor_units_to_decimal", "currency": "usd"}}}""", "field_mapping.a.transform.currency");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "minor_units_to_decimal", "currency_path": "nope"}}}""", "field_mapping.a.transform.currency_path");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "lookup", "table": {}}}}""", "field_mapping.a.transform.table");
        assertRefused("""
                {"a": {"path": "$.id", "transform": {"type": "lookup", "table": {"x": 1}, "fallback": 2}}}""", "field_mapping.a.transform.fallback");
    }

    @Test
    void badly_shaped_rules_are_refused() {
        assertRefused("[]", "field_mapping");
        assertRefused("{}", "field_mapping");
        assertRefused("""
                {"a": {"path": "$.id", "constant": 1}}""", "field_mapping.a");
        assertRefused("""
                {"a": {}}""", "field_mapping.a");
        assertRefused("""
                {"a": {"path": "$.id", "format": "x"}}""", "field_mapping.a.format");
        assertRefused("""
                {"a..b": "$.id"}""", "field_mapping.a..b");
        assertRefused("""
                {"customer": "$.customer_id", "customer.id": "$.customer_id"}""", "field_mapping.customer.id");
        assertRefused("""
                {"customer.id": "$.customer_id", "customer": "$.customer_id"}""", "field_mapping.customer.id");
    }

    @Test
    void one_parsed_mapping_renders_many_events_concurrently() throws Exception {
        FieldMapping mapping = FieldMapping.parse(json("""
                {"id": "$.id", "amount": {"path": "$.data.object.amount_due_minor", "transform": {"type": "minor_units_to_decimal"}},
                 "day": {"path": "$.occurred_at", "transform": {"type": "date", "pattern": "yyyy-MM-dd"}}}
                """));
        JsonNode expected = json("""
                {"id": "evt_1", "amount": "19.99", "day": "2026-03-01"}""");
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            var results = executor.invokeAll(java.util.Collections.nCopies(2_000,
                    (java.util.concurrent.Callable<JsonNode>) () -> mapping.render(INVOICE_PAID)));
            for (var result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        }
    }

    private static void assertRefused(String specification, String field) {
        assertThatThrownBy(() -> FieldMapping.parse(json(specification)))
                .as(specification)
                .isInstanceOf(InvalidValueException.class)
                .extracting("field").isEqualTo(field);
    }

    private static JsonNode withCurrency(String currency) {
        return json(INVOICE_PAID.toString().replace("\"USD\"", "\"" + currency + "\""));
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
