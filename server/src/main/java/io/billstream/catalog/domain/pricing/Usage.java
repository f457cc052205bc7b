package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/**
 * What a customer used of one charge in one period. Errors name the API fields {@code quantity} and
 * {@code event_amounts}.
 *
 * @param units        the quantity used, not negative; fractions are allowed (1.5 GB)
 * @param eventAmounts the amount of each event, in the order they happened, or {@code null} when the
 *                     usage was only counted; only {@code percentage} needs them. When present,
 *                     {@code units} is their sum.
 */
public record Usage(BigDecimal units, List<BigDecimal> eventAmounts) {

    public Usage {
        if (units == null) {
            throw new InvalidValueException("quantity", "quantity is required");
        }
        if (units.signum() < 0) {
            throw new InvalidValueException("quantity", "quantity must not be negative, got " + units.toPlainString());
        }
        units = Decimals.canonical(units);
        if (eventAmounts != null) {
            List<BigDecimal> amounts = new ArrayList<>(eventAmounts.size());
            BigDecimal sum = BigDecimal.ZERO;
            for (int i = 0; i < eventAmounts.size(); i++) {
                BigDecimal amount = eventAmounts.get(i);
                String field = "event_amounts[" + i + "]";
                if (amount == null) {
                    throw new InvalidValueException(field, field + " is required");
                }
                // A refund is a correction of its own, not a negative fee on this charge.
                if (amount.signum() < 0) {
                    throw new InvalidValueException(field, field + " must not be negative, got " + amount.toPlainString());
                }
                amounts.add(Decimals.canonical(amount));
                sum = sum.add(amount);
            }
            if (sum.compareTo(units) != 0) {
                throw new InvalidValueException("quantity", "quantity must equal the sum of event_amounts ("
                        + sum.toPlainString() + "), got " + units.toPlainString());
            }
            eventAmounts = Collections.unmodifiableList(amounts);
        }
    }

    public static Usage ofUnits(BigDecimal units) {
        return new Usage(units, null);
    }

    /** Usage made of individual events (payments, transfers); its units are the sum of their amounts. */
    public static Usage ofEvents(List<BigDecimal> eventAmounts) {
        if (eventAmounts == null) {
            throw new InvalidValueException("event_amounts", "event_amounts is required");
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (BigDecimal amount : eventAmounts) {
            // Invalid amounts are left out here so that the constructor reports them by their index.
            if (amount != null && amount.signum() >= 0) {
                sum = sum.add(amount);
            }
        }
        return new Usage(sum, eventAmounts);
    }

    public boolean hasEventAmounts() {
        return eventAmounts != null;
    }
}
