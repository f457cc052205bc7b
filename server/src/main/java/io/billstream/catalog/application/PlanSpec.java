package io.billstream.catalog.application;

import java.math.BigDecimal;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A plan as the API writes it (and as its terms are stored): the input of create and, merged with
 * the current version, of update. Decimals may be JSON strings or numbers.
 */
public record PlanSpec(String code, String name, String description, String interval, Integer intervalCount,
                       String currency, Long amountMinor, String feeTiming, Integer trialDays, List<ChargeSpec> charges,
                       List<RecurringItemSpec> recurringItems, List<OneTimeItemSpec> oneTimeItems, List<FeatureSpec> features) {

    public record ChargeSpec(String metricCode, String chargeModel, JsonNode properties, BigDecimal minAmount) {
    }

    public record RecurringItemSpec(String code, String name, BigDecimal unitPrice, Long defaultQuantity) {
    }

    public record OneTimeItemSpec(String code, String name, BigDecimal unitPrice, Long quantity) {
    }

    public record FeatureSpec(String code, String type, Boolean enabled, BigDecimal limit, String reset, String metricCode,
                              List<BigDecimal> alertThresholds) {
    }
}
