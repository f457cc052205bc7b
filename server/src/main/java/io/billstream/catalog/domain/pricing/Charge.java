package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A priced item of a plan: its charge model and an optional minimum. The minimum is a commitment per
 * charge per period, so it applies even when nothing was used.
 *
 * @param minimumAmount the least this charge bills per period, in major units; {@code null} for none.
 *                      Errors name it {@code min_amount}.
 */
public record Charge(ChargeModel model, BigDecimal minimumAmount) {

    public Charge {
        Objects.requireNonNull(model, "model");
        minimumAmount = Decimals.nonNegativeOrNull(minimumAmount, "min_amount");
    }

    public static Charge of(ChargeModel model) {
        return new Charge(model, null);
    }

    /** The model's price for this usage, raised to the minimum when it falls short of it. */
    public PriceEvaluation evaluate(Usage usage) {
        PriceEvaluation evaluation = model.evaluate(usage);
        return minimumAmount == null ? evaluation : evaluation.atLeast(minimumAmount);
    }
}
