package io.billstream.catalog.application;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.billstream.catalog.application.PlanSpec.ChargeSpec;
import io.billstream.catalog.application.PlanSpec.FeatureSpec;
import io.billstream.catalog.domain.Codes;
import io.billstream.catalog.domain.Feature;
import io.billstream.catalog.domain.FeeTiming;
import io.billstream.catalog.domain.OneTimeItem;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.RecurringItem;
import io.billstream.catalog.domain.UsageCharge;
import io.billstream.catalog.domain.period.BillingInterval;
import io.billstream.catalog.domain.period.IntervalUnit;
import io.billstream.catalog.domain.pricing.Charge;
import io.billstream.catalog.domain.pricing.ChargeModel;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.money.Currencies;
import tools.jackson.databind.JsonNode;

/** Turns a plan as written by the API into validated terms, naming the exact field when it cannot. */
public final class PlanTermsJson {

    private PlanTermsJson() {
    }

    /** @param knownMetrics the tenant's (unarchived) metric codes; a charge or feature naming another is refused */
    public static PlanTerms parse(PlanSpec spec, Predicate<String> knownMetrics) {
        if (spec.interval() == null) {
            throw new InvalidValueException("interval", "is required (day, week, month, quarter or year)");
        }
        BillingInterval interval = new BillingInterval(IntervalUnit.fromCode(spec.interval(), "interval"),
                spec.intervalCount() == null ? 1 : spec.intervalCount());
        if (spec.currency() == null) {
            throw new InvalidValueException("currency", "is required");
        }
        var currency = Currencies.parse(spec.currency(), "currency");
        List<UsageCharge> charges = new ArrayList<>();
        List<ChargeSpec> chargeSpecs = nonNull(spec.charges());
        for (int i = 0; i < chargeSpecs.size(); i++) {
            charges.add(charge(chargeSpecs.get(i), "charges[" + i + "]", knownMetrics));
        }
        List<RecurringItem> recurring = new ArrayList<>();
        var recurringSpecs = nonNull(spec.recurringItems());
        for (int i = 0; i < recurringSpecs.size(); i++) {
            var item = recurringSpecs.get(i);
            recurring.add(new RecurringItem(item.code(), item.name(), item.unitPrice(),
                    item.defaultQuantity() == null ? 1 : item.defaultQuantity()));
        }
        List<OneTimeItem> oneTime = nonNull(spec.oneTimeItems()).stream()
                .map(item -> new OneTimeItem(item.code(), item.name(), item.unitPrice(), item.quantity() == null ? 1 : item.quantity()))
                .toList();
        List<Feature> features = new ArrayList<>();
        var featureSpecs = nonNull(spec.features());
        for (int i = 0; i < featureSpecs.size(); i++) {
            features.add(feature(featureSpecs.get(i), "features[" + i + "]", knownMetrics));
        }
        return new PlanTerms(interval, currency, spec.amountMinor() == null ? 0 : spec.amountMinor(),
                FeeTiming.parse(spec.feeTiming(), "fee_timing"), spec.trialDays() == null ? 0 : spec.trialDays(),
                charges, recurring, oneTime, features);
    }

    private static UsageCharge charge(ChargeSpec spec, String field, Predicate<String> knownMetrics) {
        Codes.require(spec.metricCode(), field + ".metric_code");
        if (!knownMetrics.test(spec.metricCode())) {
            throw new InvalidValueException(field + ".metric_code", "No billable metric '" + spec.metricCode() + "' in this tenant");
        }
        if (spec.chargeModel() == null) {
            throw new InvalidValueException(field + ".charge_model", "is required");
        }
        if (spec.properties() == null || !spec.properties().isObject()) {
            throw new InvalidValueException(field + ".properties", "must be an object");
        }
        ChargeModel model = ChargeModelJson.parse(spec.chargeModel(), field + ".charge_model", spec.properties(), field + ".properties");
        if (spec.minAmount() != null) {
            PlanTerms.checkPrice(spec.minAmount(), field + ".min_amount");
        }
        return new UsageCharge(spec.metricCode(), new Charge(model, spec.minAmount()));
    }

    private static Feature feature(FeatureSpec spec, String field, Predicate<String> knownMetrics) {
        Codes.require(spec.code(), field + ".code");
        Feature.Type type = switch (spec.type() == null ? "" : spec.type()) {
            case "boolean" -> Feature.Type.BOOLEAN;
            case "limit" -> Feature.Type.LIMIT;
            default -> throw new InvalidValueException(field + ".type", "must be boolean or limit");
        };
        Feature.Reset reset = switch (spec.reset() == null ? "never" : spec.reset()) {
            case "never" -> Feature.Reset.NEVER;
            case "period" -> Feature.Reset.PERIOD;
            default -> throw new InvalidValueException(field + ".reset", "must be never or period");
        };
        if (spec.metricCode() != null && !knownMetrics.test(spec.metricCode())) {
            throw new InvalidValueException(field + ".metric_code", "No billable metric '" + spec.metricCode() + "' in this tenant");
        }
        if (type == Feature.Type.LIMIT && spec.limit() != null && spec.limit().signum() < 0) {
            throw new InvalidValueException(field + ".limit", "must not be negative");
        }
        if (type == Feature.Type.LIMIT && spec.limit() == null) {
            throw new InvalidValueException(field + ".limit", "is required for a limit feature");
        }
        if (type == Feature.Type.BOOLEAN && (spec.limit() != null || spec.metricCode() != null || reset != Feature.Reset.NEVER)) {
            throw new InvalidValueException(field + ".type", "a boolean feature takes only enabled");
        }
        if (type == Feature.Type.LIMIT && Boolean.FALSE.equals(spec.enabled())) {
            throw new InvalidValueException(field + ".enabled", "a limit feature is switched off with a limit of 0");
        }
        boolean enabled = spec.enabled() == null || spec.enabled();
        BigDecimal limit = spec.limit();
        try {
            return new Feature(spec.code(), type, enabled, limit, reset, spec.metricCode(), spec.alertThresholds());
        } catch (InvalidValueException invalid) {
            throw invalid.field().startsWith("features[") ? invalid : new InvalidValueException(field + "." + invalid.field(),
                    invalid.getMessage());
        }
    }

    public static JsonNode properties(ChargeModel model) {
        return ChargeModelJson.write(model);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
