package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;

import io.billstream.platform.domain.InvalidValueException;

/** The shared rules for the decimals a charge model is made of. */
final class Decimals {

    /** Sub-cent unit prices (0.000000000001 per API call) need twelve; more is a typing error. */
    static final int MAX_DECIMAL_PLACES = 12;

    private Decimals() {
    }

    /**
     * One representation per value, so that records compare equal when their numbers do and a model
     * written out and read back is the same model.
     */
    static BigDecimal canonical(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        // 100, not 1E+2: zeros before the decimal point are part of the number's plain form.
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** A required price, fee, bound or size: present, not negative, at most twelve decimal places. */
    static BigDecimal nonNegative(BigDecimal value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required");
        }
        if (value.signum() < 0) {
            throw new InvalidValueException(field, field + " must not be negative, got " + value.toPlainString());
        }
        BigDecimal canonical = canonical(value);
        if (canonical.scale() > MAX_DECIMAL_PLACES) {
            throw new InvalidValueException(field, field + " has more than " + MAX_DECIMAL_PLACES + " decimal places: "
                    + value.toPlainString());
        }
        return canonical;
    }

    static BigDecimal nonNegativeOrZero(BigDecimal value, String field) {
        return value == null ? BigDecimal.ZERO : nonNegative(value, field);
    }

    static BigDecimal nonNegativeOrNull(BigDecimal value, String field) {
        return value == null ? null : nonNegative(value, field);
    }
}
