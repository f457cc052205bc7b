package io.billstream.catalog.application;

import java.math.BigDecimal;
import java.util.List;

import io.billstream.catalog.domain.pricing.ChargeModel;
import io.billstream.catalog.domain.pricing.GraduatedPricing;
import io.billstream.catalog.domain.pricing.PackagePricing;
import io.billstream.catalog.domain.pricing.PercentagePricing;
import io.billstream.catalog.domain.pricing.StandardPricing;
import io.billstream.catalog.domain.pricing.Tier;
import io.billstream.catalog.domain.pricing.Usage;
import io.billstream.catalog.domain.pricing.VolumePricing;
import io.billstream.platform.domain.InvalidValueException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChargeModelJsonTest {

    /** Configured like the application's mapper: JSON numbers with a fraction read as BigDecimal. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private static ChargeModel roundTrip(ChargeModel model) {
        ObjectNode written = ChargeModelJson.write(model);
        // Through text, as a stored model would be.
        return ChargeModelJson.parse(model.code(), json(written.toString()), "properties");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(ThrowingCallable parse, String field) {
        var thrown = assertThatThrownBy(parse).isInstanceOf(InvalidValueException.class);
        thrown.extracting("field").isEqualTo(field);
        return thrown;
    }

    @Test
    void standard_pricing_reads_its_unit_price_from_a_decimal_string() {
        ChargeModel model = ChargeModelJson.parse("standard", json("{\"unit_price\":\"0.002\"}"), "properties");

        assertThat(model).isEqualTo(new StandardPricing(d("0.002")));
    }

    @Test
    void a_json_number_is_read_exactly_from_its_text() {
        ChargeModel model = ChargeModelJson.parse("standard", json("{\"unit_price\":0.1}"), "properties");

        assertThat(((StandardPricing) model).unitPrice()).isEqualTo(d("0.1"));
    }

    @Test
    void graduated_tiers_are_read_with_a_missing_flat_fee_as_zero() {
        ChargeModel model = ChargeModelJson.parse("graduated", json("""
                {"tiers":[{"from":"0","up_to":"1000","unit_price":"0.01","flat_fee":"5"},
                          {"from":"1000","up_to":null,"unit_price":"0.005"}]}"""), "properties");

        assertThat(model).isEqualTo(new GraduatedPricing(List.of(
                new Tier(d("0"), d("1000"), d("0.01"), d("5")),
                new Tier(d("1000"), null, d("0.005"), BigDecimal.ZERO))));
    }

    @Test
    void standard_pricing_round_trips() {
        ChargeModel model = new StandardPricing(d("0.000000000001"));

        assertThat(roundTrip(model)).isEqualTo(model);
    }

    @Test
    void graduated_pricing_round_trips() {
        ChargeModel model = new GraduatedPricing(List.of(
                new Tier(d("0"), d("100"), d("0.10"), d("2.50")), Tier.unbounded(d("100"), d("0.05"))));

        assertThat(roundTrip(model)).isEqualTo(model);
    }

    @Test
    void volume_pricing_round_trips() {
        ChargeModel model = new VolumePricing(List.of(
                Tier.bounded(d("0"), d("1.5"), d("3")), new Tier(d("1.5"), null, d("2"), d("10"))));

        assertThat(roundTrip(model)).isEqualTo(model);
    }

    @Test
    void package_pricing_round_trips() {
        ChargeModel model = new PackagePricing(d("100"), d("5.00"), d("50"));

        assertThat(roundTrip(model)).isEqualTo(model);
    }

    @Test
    void percentage_pricing_round_trips_with_and_without_per_event_bounds() {
        ChargeModel full = new PercentagePricing(d("2.9"), d("0.30"), 10, d("0.50"), d("10"));
        ChargeModel plain = PercentagePricing.of(d("2.5"));

        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(plain)).isEqualTo(plain);
    }

    @Test
    void written_properties_are_plain_strings_without_trailing_zeros() {
        ObjectNode written = ChargeModelJson.write(new PackagePricing(d("1E+2"), d("5.00"), null));

        assertThat(written.toString()).isEqualTo("{\"package_size\":\"100\",\"package_price\":\"5\",\"free_units\":\"0\"}");
    }

    @Test
    void an_unknown_model_is_refused_naming_the_model_field_beside_the_properties() {
        refused(() -> ChargeModelJson.parse("tiered", json("{}"), "charges[0].properties"), "charges[0].charge_model");
        refused(() -> ChargeModelJson.parse("tiered", json("{}"), "properties"), "charge_model");
        refused(() -> ChargeModelJson.parse("tiered", "model", json("{}"), "properties"), "model");
    }

    @Test
    void a_gap_is_refused_with_the_full_path_of_the_tier() {
        refused(() -> ChargeModelJson.parse("graduated", json("""
                {"tiers":[{"from":"0","up_to":"100","unit_price":"1"},{"from":"150","up_to":null,"unit_price":"1"}]}"""),
                "charges[0].properties"), "charges[0].properties.tiers[1].from")
                .hasMessageContaining("gap");
    }

    @Test
    void a_tiers_own_error_is_named_with_its_index() {
        refused(() -> ChargeModelJson.parse("volume", json("""
                {"tiers":[{"from":"0","up_to":null,"unit_price":"-1"}]}"""), "properties"), "properties.tiers[0].unit_price");
    }

    @Test
    void an_unknown_property_is_refused_by_name() {
        refused(() -> ChargeModelJson.parse("standard", json("{\"unit_price\":\"1\",\"unit_amount\":\"1\"}"), "properties"),
                "properties.unit_amount").hasMessageContaining("unit_price");
    }

    @Test
    void an_unknown_tier_property_is_refused_by_name() {
        refused(() -> ChargeModelJson.parse("graduated", json("""
                {"tiers":[{"from":"0","up_to":null,"unit_price":"1","flat_fees":"5"}]}"""), "properties"),
                "properties.tiers[0].flat_fees");
    }

    @Test
    void text_that_is_not_a_decimal_is_refused() {
        refused(() -> ChargeModelJson.parse("standard", json("{\"unit_price\":\"abc\"}"), "properties"), "properties.unit_price");
        refused(() -> ChargeModelJson.parse("standard", json("{\"unit_price\":\"1e3\"}"), "properties"), "properties.unit_price");
        refused(() -> ChargeModelJson.parse("standard", json("{\"unit_price\":true}"), "properties"), "properties.unit_price");
    }

    @Test
    void a_missing_required_property_is_refused_by_name() {
        refused(() -> ChargeModelJson.parse("package", json("{\"package_size\":\"10\"}"), "properties"), "properties.package_price");
    }

    @Test
    void properties_that_are_not_an_object_are_refused() {
        refused(() -> ChargeModelJson.parse("standard", json("[]"), "properties"), "properties");
        refused(() -> ChargeModelJson.parse("standard", null, "properties"), "properties");
        refused(() -> ChargeModelJson.parse("graduated", json("{\"tiers\":{}}"), "properties"), "properties.tiers");
        refused(() -> ChargeModelJson.parse("graduated", json("{\"tiers\":[\"0\"]}"), "properties"), "properties.tiers[0]");
    }

    @Test
    void free_events_must_be_a_whole_number() {
        refused(() -> ChargeModelJson.parse("percentage", json("{\"rate\":\"1\",\"free_events\":1.5}"), "properties"),
                "properties.free_events");
        refused(() -> ChargeModelJson.parse("percentage", json("{\"rate\":\"1\",\"free_events\":\"3\"}"), "properties"),
                "properties.free_events");
    }

    @Test
    void a_decimal_too_large_or_too_fine_is_refused_before_any_arithmetic() {
        refused(() -> ChargeModelJson.decimal(json("1e999999999"), "quantity"), "quantity").hasMessageContaining("too large");
        refused(() -> ChargeModelJson.decimal(json("1e-999999999"), "quantity"), "quantity").hasMessageContaining("decimal places");
    }

    @Test
    void a_decimal_written_with_an_exponent_as_a_json_number_is_accepted() {
        assertThat(ChargeModelJson.decimal(json("1.5e3"), "quantity")).isEqualTo(d("1500"));
        assertThat(ChargeModelJson.decimal(json("\"1500.000\""), "quantity")).isEqualTo(d("1500"));
        assertThat(ChargeModelJson.decimal(json("null"), "quantity")).isNull();
    }

    @Test
    void a_binary_floating_point_node_is_a_programming_error() {
        JsonNode asDouble = JsonNodeFactory.instance.numberNode(0.1d);

        assertThatThrownBy(() -> ChargeModelJson.decimal(asDouble, "quantity")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_breakdown_shows_each_tier_with_its_bounds_and_amount() {
        ChargeModel model = ChargeModelJson.parse("graduated", json("""
                {"tiers":[{"from":"0","up_to":"100","unit_price":"0.10"},
                          {"from":"100","up_to":null,"unit_price":"0.05","flat_fee":"5"}]}"""), "properties");

        ArrayNode breakdown = ChargeModelJson.writeBreakdown(model.evaluate(Usage.ofUnits(d("150"))).breakdown(),
                JsonNodeFactory.instance);

        assertThat(breakdown.toString()).isEqualTo("""
                [{"type":"tier","tier":1,"from":"0","up_to":"100","units":"100","unit_price":"0.1","flat_fee":"0","amount":"10"},\
                {"type":"tier","tier":2,"from":"100","up_to":null,"units":"50","unit_price":"0.05","flat_fee":"5","amount":"7.5"}]""");
    }
}
