package io.billstream.platform.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount of money as an integer count of the currency's minor unit (cents for USD, yen for JPY,
 * fils for KWD), so sums are exact and a stored amount never drifts. Every operation refuses to mix
 * currencies.
 *
 * @param amountMinor the amount in minor units; negative for credits
 * @param currency    an ISO 4217 currency that has a minor unit (not XAU, XXX and the like)
 */
public record Money(long amountMinor, Currency currency) {

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (currency.getDefaultFractionDigits() < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit and cannot be billed");
        }
    }

    public static Money zero(Currency currency) {
        return new Money(0, currency);
    }

    /**
     * Rounds an exact amount in major units (e.g. dollars) to the currency's minor unit, once, with
     * the given mode.
     *
     * @throws ArithmeticException if the rounded amount does not fit in a {@code long} of minor units
     */
    public static Money ofMajor(BigDecimal amount, Currency currency, RoundingMode mode) {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(mode, "mode");
        int fractionDigits = minorDigits(currency);
        long minor = amount.setScale(fractionDigits, mode).unscaledValue().longValueExact();
        return new Money(minor, currency);
    }

    /** The exact amount in major units, with the currency's own number of decimal places. */
    public BigDecimal toMajor() {
        return BigDecimal.valueOf(amountMinor, currency.getDefaultFractionDigits());
    }

    /** @throws ArithmeticException on overflow */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    /** @throws ArithmeticException on overflow */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amountMinor, other.amountMinor), currency);
    }

    /** @throws ArithmeticException for {@code Long.MIN_VALUE} minor units */
    public Money negate() {
        return new Money(Math.negateExact(amountMinor), currency);
    }

    public boolean isNegative() {
        return amountMinor < 0;
    }

    public boolean isZero() {
        return amountMinor == 0;
    }

    @Override
    public String toString() {
        return toMajor().toPlainString() + " " + currency.getCurrencyCode();
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("Cannot combine " + currency.getCurrencyCode() + " with "
                    + other.currency.getCurrencyCode());
        }
    }

    private static int minorDigits(Currency currency) {
        Objects.requireNonNull(currency, "currency");
        int digits = currency.getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException(currency.getCurrencyCode() + " has no minor unit and cannot be billed");
        }
        return digits;
    }
}
