package io.billstream.catalog.application;

import java.time.Instant;
import java.util.List;

import io.billstream.catalog.domain.Feature;
import io.billstream.catalog.domain.Plan;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import static io.billstream.platform.money.Decimals.plain;

/** A plan at one version, as the API and billing events show it. Decimals are plain strings. */
@JacksonXmlRootElement(localName = "plan")
public record PlanView(String id, String object, String code, String name, String description, int version,
                       String interval, int intervalCount, String currency, long amountMinor, String feeTiming, int trialDays,
                       List<ChargeView> charges, List<RecurringItemView> recurringItems, List<OneTimeItemView> oneTimeItems,
                       List<FeatureView> features, Instant createdAt, Instant updatedAt, Instant archivedAt) {

    public record ChargeView(String metricCode, String chargeModel, JsonNode properties, String minAmount) {
    }

    public record RecurringItemView(String code, String name, String unitPrice, long defaultQuantity) {
    }

    public record OneTimeItemView(String code, String name, String unitPrice, long quantity) {
    }

    public record FeatureView(String code, String type, boolean enabled, String limit, String reset, String metricCode,
                              List<String> alertThresholds) {
    }

    static PlanView of(Plan plan, PlanVersion version) {
        PlanTerms terms = version.terms();
        return new PlanView(plan.id(), "plan", plan.code(), plan.name(), plan.description(), version.version(),
                terms.interval().unit().code(), terms.interval().count(), terms.currency().getCurrencyCode(),
                terms.baseFeeMinor(), terms.feeTiming().apiName(), terms.trialDays(),
                terms.charges().stream().map(c -> new ChargeView(c.metricCode(), c.charge().model().code(),
                        PlanTermsJson.properties(c.charge().model()), plain(c.charge().minimumAmount()))).toList(),
                terms.recurringItems().stream().map(i -> new RecurringItemView(i.code(), i.name(), plain(i.unitPrice()),
                        i.defaultQuantity())).toList(),
                terms.oneTimeItems().stream().map(i -> new OneTimeItemView(i.code(), i.name(), plain(i.unitPrice()),
                        i.quantity())).toList(),
                terms.features().stream().map(PlanView::feature).toList(),
                plan.createdAt(), plan.updatedAt(), plan.archivedAt());
    }

    private static FeatureView feature(Feature f) {
        return new FeatureView(f.code(), f.type().apiName(), f.enabled(), plain(f.limit()), f.reset().apiName(), f.metricCode(),
                f.alertThresholds().stream().map(t -> plain(t)).toList());
    }
}
