package io.billstream.catalog.domain;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * What a plan grants: a switch ({@code sso: true}) or a limit ({@code projects: 10}, or
 * {@code api_calls: 100000} per period, counted by a metric and reset when each period starts).
 */
public record Feature(String code, Type type, boolean enabled, BigDecimal limit, Reset reset, String metricCode,
                      List<BigDecimal> alertThresholds) {

    /** Alerts a limit can raise before the limit itself: percentages of it, such as 80 and 90. */
    public static final int MAX_ALERT_THRESHOLDS = 10;

    public enum Type {
        BOOLEAN, LIMIT;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Reset {
        NEVER, PERIOD;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Feature {
        if (type == Type.LIMIT) {
            if (limit == null || limit.signum() < 0) {
                throw new InvalidValueException("limit", "a limit feature needs a limit of zero or more");
            }
            if (limit.precision() - limit.scale() > 30 || limit.stripTrailingZeros().scale() > 12) {
                throw new InvalidValueException("limit", "must have at most 30 digits before and 12 after the decimal point");
            }
            enabled = true;
        } else {
            if (limit != null || metricCode != null) {
                throw new InvalidValueException("limit", "a boolean feature has no limit or metric_code");
            }
            reset = Reset.NEVER;
        }
        if (reset == null) {
            reset = Reset.NEVER;
        }
        if (alertThresholds != null && alertThresholds.contains(null)) {
            throw new InvalidValueException("alert_thresholds", "must not contain null");
        }
        alertThresholds = alertThresholds == null ? List.of() : alertThresholds.stream().sorted().toList();
        if (!alertThresholds.isEmpty() && (type != Type.LIMIT || metricCode == null)) {
            throw new InvalidValueException("alert_thresholds", "only a limit feature counted by a metric_code raises usage alerts");
        }
        if (alertThresholds.size() > MAX_ALERT_THRESHOLDS) {
            throw new InvalidValueException("alert_thresholds", "at most " + MAX_ALERT_THRESHOLDS + " thresholds");
        }
        for (BigDecimal threshold : alertThresholds) {
            if (threshold.signum() <= 0 || threshold.compareTo(BigDecimal.valueOf(100)) >= 0
                    || threshold.stripTrailingZeros().scale() > 2) {
                throw new InvalidValueException("alert_thresholds",
                        "each threshold is a percentage of the limit above 0 and below 100 (the limit itself always alerts), "
                                + "with at most 2 decimals");
            }
        }
        if (new HashSet<>(alertThresholds.stream().map(BigDecimal::stripTrailingZeros).toList()).size() != alertThresholds.size()) {
            throw new InvalidValueException("alert_thresholds", "must not repeat a threshold");
        }
    }
}
