package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/** Every unit at the same price. */
public record StandardPricing(BigDecimal unitPrice) implements ChargeModel {

    public static final String CODE = "standard";

    public StandardPricing {
        unitPrice = Decimals.nonNegative(unitPrice, "unit_price");
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public PriceEvaluation evaluate(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        return PriceEvaluation.of(List.of(new PriceComponent.Units(usage.units(), unitPrice)));
    }
}
