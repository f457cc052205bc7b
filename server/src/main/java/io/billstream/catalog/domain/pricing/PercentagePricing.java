package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A share of each event's amount, as payment processors charge: for every event after the first
 * {@code freeEvents}, {@code amount × ratePercent / 100 + fixedFeePerEvent}, raised to
 * {@code perEventMin} and capped at {@code perEventMax} where they are set. Needs the amount of each
 * event, not just their sum, because the fixed fee, the free events and the per-event bounds apply
 * event by event.
 *
 * @param ratePercent      from 0 to 100
 * @param fixedFeePerEvent {@code null} means 0
 * @param perEventMin      {@code null} for no minimum
 * @param perEventMax      {@code null} for no maximum
 */
public record PercentagePricing(BigDecimal ratePercent, BigDecimal fixedFeePerEvent, long freeEvents, BigDecimal perEventMin,
                                BigDecimal perEventMax) implements ChargeModel {

    public static final String CODE = "percentage";
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public PercentagePricing {
        ratePercent = Decimals.nonNegative(ratePercent, "rate");
        // A share above the whole amount is far more likely a rate typed in basis points than a price;
        // lifting this limit later breaks no stored price, adding it later would.
        if (ratePercent.compareTo(HUNDRED) > 0) {
            throw new InvalidValueException("rate", "rate is a percentage from 0 to 100, got " + ratePercent.toPlainString());
        }
        fixedFeePerEvent = Decimals.nonNegativeOrZero(fixedFeePerEvent, "fixed_fee_per_event");
        if (freeEvents < 0) {
            throw new InvalidValueException("free_events", "free_events must not be negative, got " + freeEvents);
        }
        perEventMin = Decimals.nonNegativeOrNull(perEventMin, "per_event_min");
        perEventMax = Decimals.nonNegativeOrNull(perEventMax, "per_event_max");
        if (perEventMin != null && perEventMax != null && perEventMin.compareTo(perEventMax) > 0) {
            throw new InvalidValueException("per_event_min", "per_event_min (" + perEventMin.toPlainString()
                    + ") must not exceed per_event_max (" + perEventMax.toPlainString() + ")");
        }
    }

    /** A plain percentage of the amounts, with no fixed fee, free events or per-event bounds. */
    public static PercentagePricing of(BigDecimal ratePercent) {
        return new PercentagePricing(ratePercent, null, 0, null, null);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public PriceEvaluation evaluate(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        if (!usage.hasEventAmounts()) {
            throw new InvalidValueException("event_amounts", "the percentage model prices each event: event_amounts is required");
        }
        List<BigDecimal> amounts = usage.eventAmounts();
        long free = Math.min(freeEvents, amounts.size());
        BigDecimal billableAmount = BigDecimal.ZERO;
        BigDecimal rateAmount = BigDecimal.ZERO;
        BigDecimal minimumAdjustment = BigDecimal.ZERO;
        BigDecimal maximumAdjustment = BigDecimal.ZERO;
        for (int i = (int) free; i < amounts.size(); i++) {
            BigDecimal eventAmount = amounts.get(i);
            // movePointLeft divides by 100 exactly; no division that could need rounding.
            BigDecimal rated = eventAmount.multiply(ratePercent).movePointLeft(2);
            BigDecimal fee = rated.add(fixedFeePerEvent);
            if (perEventMin != null && fee.compareTo(perEventMin) < 0) {
                minimumAdjustment = minimumAdjustment.add(perEventMin.subtract(fee));
            } else if (perEventMax != null && fee.compareTo(perEventMax) > 0) {
                maximumAdjustment = maximumAdjustment.add(perEventMax.subtract(fee));
            }
            billableAmount = billableAmount.add(eventAmount);
            rateAmount = rateAmount.add(rated);
        }
        long billableEvents = amounts.size() - free;
        BigDecimal fixedFees = fixedFeePerEvent.multiply(BigDecimal.valueOf(billableEvents));
        return PriceEvaluation.of(List.of(new PriceComponent.Events(amounts.size(), free, billableAmount, ratePercent,
                rateAmount, fixedFees, minimumAdjustment, maximumAdjustment)));
    }
}
