package io.billstream.catalog.application;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.billstream.catalog.domain.pricing.ChargeModel;
import io.billstream.catalog.domain.pricing.GraduatedPricing;
import io.billstream.catalog.domain.pricing.PackagePricing;
import io.billstream.catalog.domain.pricing.PercentagePricing;
import io.billstream.catalog.domain.pricing.PriceComponent;
import io.billstream.catalog.domain.pricing.StandardPricing;
import io.billstream.catalog.domain.pricing.Tier;
import io.billstream.catalog.domain.pricing.VolumePricing;
import io.billstream.platform.domain.InvalidValueException;
import org.springframework.modulith.NamedInterface;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static io.billstream.platform.money.Decimals.plain;

/**
 * Charge models as the API writes them: a model name plus a {@code properties} object in snake_case.
 * {@link #parse} and {@link #write} are inverse, so a model stored as JSON reads back equal.
 *
 * <p>Decimals are read exactly from their text: as JSON strings ({@code "0.002"}, preferred, as Stripe's
 * {@code unit_amount_decimal}) or as JSON numbers, provided the JSON was read into {@code BigDecimal}
 * ({@code USE_BIG_DECIMAL_FOR_FLOATS}); a binary floating-point node is refused as a programming error.
 * They are written as plain strings without trailing zeros.
 *
 * <p>Every refusal is an {@link InvalidValueException} naming the full path of the field, e.g.
 * {@code charges[0].properties.tiers[1].from}.
 */
@NamedInterface("pricing-json")
public final class ChargeModelJson {

    /** The model names the API accepts, in the order the documentation lists them. */
    public static final List<String> MODELS = List.of(StandardPricing.CODE, GraduatedPricing.CODE, VolumePricing.CODE,
            PackagePricing.CODE, PercentagePricing.CODE);

    /** Bounds a decimal's size before any arithmetic, so that "1e999999999" cannot cost a CPU-minute. */
    static final int MAX_INTEGER_DIGITS = 30;
    static final int MAX_DECIMAL_PLACES = 30;
    private static final int MAX_DECIMAL_TEXT = 64;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final String MODEL_FIELD = "charge_model";

    private ChargeModelJson() {
    }

    /**
     * Like {@link #parse(String, String, JsonNode, String)}, reporting an unknown model on the field
     * {@code charge_model} beside the properties: {@code properties} → {@code charge_model},
     * {@code charges[0].properties} → {@code charges[0].charge_model}.
     */
    public static ChargeModel parse(String model, JsonNode properties, String fieldPrefix) {
        return parse(model, sibling(fieldPrefix, MODEL_FIELD), properties, fieldPrefix);
    }

    /**
     * The charge model named {@code model} with these properties.
     *
     * @param modelField  the name errors about {@code model} itself are reported under
     * @param fieldPrefix the path of {@code properties} in the request; errors name
     *                    {@code fieldPrefix + "." + path} (just the path when the prefix is empty)
     * @throws InvalidValueException for an unknown model, an unknown or malformed property, or a model
     *                               that refuses its values
     */
    public static ChargeModel parse(String model, String modelField, JsonNode properties, String fieldPrefix) {
        if (model == null || model.isEmpty()) {
            throw new InvalidValueException(modelField, modelField + " is required: one of " + String.join(", ", MODELS));
        }
        if (!MODELS.contains(model)) {
            throw new InvalidValueException(modelField, "'" + model + "' is not a charge model; use one of " + String.join(", ", MODELS));
        }
        // Everything below names fields relative to the properties object; this adds the prefix once.
        return within(fieldPrefix, () -> {
            Properties p = Properties.of(properties, "", "the " + model + " model");
            return switch (model) {
                case StandardPricing.CODE -> {
                    p.allow("unit_price");
                    yield new StandardPricing(p.decimal("unit_price"));
                }
                case GraduatedPricing.CODE -> {
                    p.allow("tiers");
                    yield new GraduatedPricing(tiers(p));
                }
                case VolumePricing.CODE -> {
                    p.allow("tiers");
                    yield new VolumePricing(tiers(p));
                }
                case PackagePricing.CODE -> {
                    p.allow("package_size", "package_price", "free_units");
                    yield new PackagePricing(p.decimal("package_size"), p.decimal("package_price"), p.decimal("free_units"));
                }
                case PercentagePricing.CODE -> {
                    p.allow("rate", "fixed_fee_per_event", "free_events", "per_event_min", "per_event_max");
                    yield new PercentagePricing(p.decimal("rate"), p.decimal("fixed_fee_per_event"), p.wholeNumber("free_events"),
                            p.decimal("per_event_min"), p.decimal("per_event_max"));
                }
                default -> throw new IllegalStateException("unhandled model " + model);
            };
        });
    }

    /** The canonical properties of {@code model}: every property present, decimals as plain strings. */
    public static ObjectNode write(ChargeModel model) {
        return write(model, JsonNodeFactory.instance);
    }

    public static ObjectNode write(ChargeModel model, JsonNodeFactory nodes) {
        ObjectNode properties = nodes.objectNode();
        switch (model) {
            case StandardPricing standard -> properties.put("unit_price", plain(standard.unitPrice()));
            case GraduatedPricing graduated -> properties.set("tiers", writeTiers(graduated.tiers(), nodes));
            case VolumePricing volume -> properties.set("tiers", writeTiers(volume.tiers(), nodes));
            case PackagePricing pack -> properties
                    .put("package_size", plain(pack.packageSize()))
                    .put("package_price", plain(pack.packagePrice()))
                    .put("free_units", plain(pack.freeUnits()));
            case PercentagePricing percentage -> properties
                    .put("rate", plain(percentage.ratePercent()))
                    .put("fixed_fee_per_event", plain(percentage.fixedFeePerEvent()))
                    .put("free_events", percentage.freeEvents())
                    .put("per_event_min", plain(percentage.perEventMin()))
                    .put("per_event_max", plain(percentage.perEventMax()));
        }
        return properties;
    }

    /**
     * A price breakdown for people to check by hand: each component has a {@code type} ({@code units},
     * {@code tier}, {@code packages} or {@code events}), the figures it was computed from, and its
     * {@code amount}.
     */
    public static ArrayNode writeBreakdown(List<PriceComponent> breakdown, JsonNodeFactory nodes) {
        ArrayNode array = nodes.arrayNode();
        for (PriceComponent component : breakdown) {
            ObjectNode item = array.addObject();
            switch (component) {
                case PriceComponent.Units units -> item.put("type", "units")
                        .put("units", plain(units.units()))
                        .put("unit_price", plain(units.unitPrice()));
                case PriceComponent.TierUnits tier -> item.put("type", "tier")
                        .put("tier", tier.tierNumber())
                        .put("from", plain(tier.tier().from()))
                        .put("up_to", plain(tier.tier().upTo()))
                        .put("units", plain(tier.units()))
                        .put("unit_price", plain(tier.tier().unitPrice()))
                        .put("flat_fee", plain(tier.tier().flatFee()));
                case PriceComponent.Packages packages -> item.put("type", "packages")
                        .put("units", plain(packages.units()))
                        .put("free_units", plain(packages.freeUnits()))
                        .put("billable_units", plain(packages.billableUnits()))
                        .put("package_size", plain(packages.packageSize()))
                        .put("packages", plain(packages.packages()))
                        .put("package_price", plain(packages.packagePrice()));
                case PriceComponent.Events events -> item.put("type", "events")
                        .put("events", events.events())
                        .put("free_events", events.freeEvents())
                        .put("billable_events", events.billableEvents())
                        .put("billable_amount", plain(events.billableAmount()))
                        .put("rate", plain(events.ratePercent()))
                        .put("rate_amount", plain(events.rateAmount()))
                        .put("fixed_fees", plain(events.fixedFees()))
                        .put("per_event_min_adjustment", plain(events.perEventMinimumAdjustment()))
                        .put("per_event_max_adjustment", plain(events.perEventMaximumAdjustment()));
            }
            item.put("amount", plain(component.amount()));
        }
        return array;
    }

    /**
     * A decimal given as a JSON string in plain notation ({@code "12.5"}) or as a JSON number read
     * into {@code BigDecimal}; {@code null} when the value is absent or JSON null.
     *
     * @throws InvalidValueException naming {@code field} for anything else, or a number too large or
     *                               too finely divided to be a price or a quantity
     */
    public static BigDecimal decimal(JsonNode value, String field) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        BigDecimal decimal;
        if (value.isString()) {
            String text = value.stringValue();
            if (text.length() > MAX_DECIMAL_TEXT || !PLAIN_DECIMAL.matcher(text).matches()) {
                throw new InvalidValueException(field, field + " must be a decimal such as \"12.5\"; '"
                        + abbreviated(text) + "' is not one");
            }
            decimal = new BigDecimal(text);
        } else if (value.isNumber()) {
            if (value.isFloatingPointNumber() && !value.isBigDecimal()) {
                // The digits the client sent are already lost; guessing them back would not be exact.
                throw new IllegalStateException("JSON numbers must be read as BigDecimal (USE_BIG_DECIMAL_FOR_FLOATS); "
                        + field + " was read as binary floating point");
            }
            decimal = value.decimalValue();
        } else {
            throw new InvalidValueException(field, field + " must be a decimal, as a string such as \"12.5\" or a number");
        }
        BigDecimal stripped = decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
        // Checked before setScale below, which would otherwise write out all the zeros of 1e999999999.
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw new InvalidValueException(field, field + " is too large: at most " + MAX_INTEGER_DIGITS
                    + " digits before the decimal point");
        }
        if (stripped.scale() > MAX_DECIMAL_PLACES) {
            throw new InvalidValueException(field, field + " has more than " + MAX_DECIMAL_PLACES + " decimal places");
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static List<Tier> tiers(Properties p) {
        JsonNode tiers = p.node("tiers");
        if (tiers == null || tiers.isNull()) {
            throw new InvalidValueException("tiers", "tiers is required: an array of tiers");
        }
        if (!tiers.isArray()) {
            throw new InvalidValueException("tiers", "tiers must be an array of tiers");
        }
        List<Tier> parsed = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            Properties tier = Properties.of(tiers.get(i), "tiers[" + i + "]", "a tier");
            tier.allow("from", "up_to", "unit_price", "flat_fee");
            BigDecimal from = tier.decimal("from");
            BigDecimal upTo = tier.decimal("up_to");
            BigDecimal unitPrice = tier.decimal("unit_price");
            BigDecimal flatFee = tier.decimal("flat_fee");
            // Tier names its fields relative to itself; the index is added here.
            parsed.add(within(tier.path(), () -> new Tier(from, upTo, unitPrice, flatFee)));
        }
        return parsed;
    }

    private static ArrayNode writeTiers(List<Tier> tiers, JsonNodeFactory nodes) {
        ArrayNode array = nodes.arrayNode();
        for (Tier tier : tiers) {
            array.addObject()
                    .put("from", plain(tier.from()))
                    .put("up_to", plain(tier.upTo()))
                    .put("unit_price", plain(tier.unitPrice()))
                    .put("flat_fee", plain(tier.flatFee()));
        }
        return array;
    }

    /** Runs a constructor whose errors name fields relative to {@code prefix}, and names them in full. */
    private static <T> T within(String prefix, Supplier<T> construction) {
        try {
            return construction.get();
        } catch (InvalidValueException e) {
            throw new InvalidValueException(join(prefix, e.field()), e.getMessage());
        }
    }

    private static String join(String prefix, String field) {
        if (prefix == null || prefix.isEmpty()) {
            return field;
        }
        return field == null || field.isEmpty() ? prefix : prefix + "." + field;
    }

    private static String sibling(String fieldPrefix, String name) {
        if (fieldPrefix == null) {
            return name;
        }
        int dot = fieldPrefix.lastIndexOf('.');
        return dot < 0 ? name : fieldPrefix.substring(0, dot + 1) + name;
    }

    private static String abbreviated(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "…";
    }

    /**
     * One JSON object of properties being read. Fields are named relative to the top properties
     * object, as the domain names them, so that one {@link #within} completes every error the same way.
     *
     * @param path  the object's own path: "" for the properties, {@code tiers[1]} for a tier
     * @param owner what the object describes, for messages: "the volume model", "a tier"
     */
    private record Properties(JsonNode object, String path, String owner) {

        static Properties of(JsonNode object, String path, String owner) {
            if (object == null || object.isNull() || object.isMissingNode()) {
                throw new InvalidValueException(path, "an object with the properties of " + owner + " is required");
            }
            if (!object.isObject()) {
                throw new InvalidValueException(path, "must be an object with the properties of " + owner);
            }
            return new Properties(object, path, owner);
        }

        /** Refuses keys the model does not know: a misspelt "flat_fees" must not silently mean no fee. */
        void allow(String... names) {
            Set<String> allowed = Set.of(names);
            for (String name : object.propertyNames()) {
                if (!allowed.contains(name)) {
                    throw new InvalidValueException(field(name), "unknown property '" + name + "' for " + owner
                            + "; expected " + String.join(", ", new TreeSet<>(allowed)));
                }
            }
        }

        JsonNode node(String name) {
            return object.get(name);
        }

        String field(String name) {
            return join(path, name);
        }

        BigDecimal decimal(String name) {
            return ChargeModelJson.decimal(object.get(name), field(name));
        }

        long wholeNumber(String name) {
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                return 0;
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new InvalidValueException(field(name), field(name) + " must be a whole number such as 3");
            }
            return value.longValue();
        }
    }
}
