package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Units sold in blocks: every started block of {@code packageSize} billable units costs
 * {@code packagePrice} (101 units in packages of 100 buy two packages). The first {@code freeUnits}
 * units are free.
 *
 * @param freeUnits {@code null} means 0
 */
public record PackagePricing(BigDecimal packageSize, BigDecimal packagePrice, BigDecimal freeUnits) implements ChargeModel {

    public static final String CODE = "package";

    public PackagePricing {
        packageSize = Decimals.nonNegative(packageSize, "package_size");
        if (packageSize.signum() == 0) {
            throw new InvalidValueException("package_size", "package_size must be greater than 0");
        }
        packagePrice = Decimals.nonNegative(packagePrice, "package_price");
        freeUnits = Decimals.nonNegativeOrZero(freeUnits, "free_units");
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public PriceEvaluation evaluate(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        BigDecimal billable = usage.units().subtract(freeUnits).max(BigDecimal.ZERO);
        // Exact quotient rounded up: a started block is a whole package, fractional units included.
        BigDecimal packages = billable.divide(packageSize, 0, RoundingMode.CEILING);
        return PriceEvaluation.of(List.of(new PriceComponent.Packages(usage.units(), freeUnits, billable, packageSize,
                packages, packagePrice)));
    }
}
