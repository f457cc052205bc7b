package io.billstream.catalog.domain;

import java.math.BigDecimal;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * What a plan grants: a switch ({@code sso: true}) or a limit ({@code projects: 10}, or
 * {@code api_calls: 100000} per period, counted by a metric and reset when each period starts).
 */
public record Feature(String code, Type type, boolean enabled, BigDecimal limit, Reset reset, String metricCode) {

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
    }
}
