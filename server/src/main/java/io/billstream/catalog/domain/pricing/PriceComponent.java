package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One charged part of a price evaluation: the units of a standard price, the units within one tier,
 * the packages bought, or the fees on a set of events. Each kind carries what a customer needs to
 * check its {@link #amount()} by hand, and each amount is computed from those fields, so a breakdown
 * cannot disagree with itself.
 */
public sealed interface PriceComponent {

    /** The exact amount of this part, in major units. */
    BigDecimal amount();

    /** {@code units × unitPrice} (standard pricing). */
    record Units(BigDecimal units, BigDecimal unitPrice) implements PriceComponent {

        public Units {
            units = Decimals.canonical(units);
            unitPrice = Decimals.canonical(unitPrice);
        }

        @Override
        public BigDecimal amount() {
            return Decimals.canonical(units.multiply(unitPrice));
        }
    }

    /**
     * The units priced in one tier: in graduated pricing the part of the usage that falls in the tier,
     * in volume pricing all the usage. Only a tier that usage entered appears, so its flat fee is
     * always charged: {@code units × unitPrice + flatFee}.
     *
     * @param tierNumber the tier's position, counting from 1
     */
    record TierUnits(int tierNumber, Tier tier, BigDecimal units) implements PriceComponent {

        public TierUnits {
            Objects.requireNonNull(tier, "tier");
            if (tierNumber < 1) {
                throw new IllegalArgumentException("tier numbers count from 1, got " + tierNumber);
            }
            if (units.signum() <= 0) {
                throw new IllegalArgumentException("a tier that usage did not enter is not charged");
            }
            units = Decimals.canonical(units);
        }

        @Override
        public BigDecimal amount() {
            return Decimals.canonical(units.multiply(tier.unitPrice()).add(tier.flatFee()));
        }
    }

    /**
     * Packages bought: every started block of {@code packageSize} billable units is one package, at
     * {@code packagePrice} each.
     *
     * @param units         all units used
     * @param freeUnits     the allowance given free before packages are counted
     * @param billableUnits {@code max(units − freeUnits, 0)}
     * @param packages      {@code ceil(billableUnits / packageSize)}, a whole number
     */
    record Packages(BigDecimal units, BigDecimal freeUnits, BigDecimal billableUnits, BigDecimal packageSize,
                    BigDecimal packages, BigDecimal packagePrice) implements PriceComponent {

        public Packages {
            units = Decimals.canonical(units);
            freeUnits = Decimals.canonical(freeUnits);
            billableUnits = Decimals.canonical(billableUnits);
            packageSize = Decimals.canonical(packageSize);
            packages = Decimals.canonical(packages);
            packagePrice = Decimals.canonical(packagePrice);
            if (packages.scale() > 0) {
                throw new IllegalArgumentException("packages are counted whole, got " + packages.toPlainString());
            }
        }

        @Override
        public BigDecimal amount() {
            return Decimals.canonical(packages.multiply(packagePrice));
        }
    }

    /**
     * Fees on individual events (payments, transfers):
     * {@code rateAmount + fixedFees + perEventMinimumAdjustment + perEventMaximumAdjustment}.
     *
     * @param events                    all events in the usage
     * @param freeEvents                how many of them were free (the first ones)
     * @param billableAmount            the sum of the amounts of the events that were not free
     * @param ratePercent               the percentage charged on each billable event's amount
     * @param rateAmount                {@code billableAmount × ratePercent / 100}
     * @param fixedFees                 the fixed fee per event times the billable events
     * @param perEventMinimumAdjustment what raising fees below the per-event minimum added, 0 or more
     * @param perEventMaximumAdjustment what capping fees above the per-event maximum took off, 0 or less
     */
    record Events(long events, long freeEvents, BigDecimal billableAmount, BigDecimal ratePercent, BigDecimal rateAmount,
                  BigDecimal fixedFees, BigDecimal perEventMinimumAdjustment, BigDecimal perEventMaximumAdjustment)
            implements PriceComponent {

        public Events {
            if (events < 0 || freeEvents < 0 || freeEvents > events) {
                throw new IllegalArgumentException("free events (" + freeEvents + ") must be between 0 and the events (" + events + ")");
            }
            if (perEventMinimumAdjustment.signum() < 0 || perEventMaximumAdjustment.signum() > 0) {
                throw new IllegalArgumentException("a minimum only raises fees and a maximum only lowers them");
            }
            billableAmount = Decimals.canonical(billableAmount);
            ratePercent = Decimals.canonical(ratePercent);
            rateAmount = Decimals.canonical(rateAmount);
            fixedFees = Decimals.canonical(fixedFees);
            perEventMinimumAdjustment = Decimals.canonical(perEventMinimumAdjustment);
            perEventMaximumAdjustment = Decimals.canonical(perEventMaximumAdjustment);
        }

        public long billableEvents() {
            return events - freeEvents;
        }

        @Override
        public BigDecimal amount() {
            return Decimals.canonical(rateAmount.add(fixedFees).add(perEventMinimumAdjustment).add(perEventMaximumAdjustment));
        }
    }
}
