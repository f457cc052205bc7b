package io.billstream.payment.provider.stripe;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;

/**
 * Billstream's amounts are in minor units of the currency's ISO 4217 exponent; Stripe's are in its own
 * unit per currency, which is the same for almost all of them. Where they differ the amount is scaled,
 * exactly or not at all: an amount Stripe cannot express is refused here rather than rounded.
 *
 * <ul>
 *   <li>ISK and UGX: ISO exponent 0, but Stripe keeps them two-decimal for backwards compatibility
 *       (5 ISK is sent as 500): multiplied by 100.</li>
 *   <li>MGA: ISO exponent 2 (the JDK's), Stripe zero-decimal: divided by 100, refused unless whole.</li>
 *   <li>HUF and TWD: two-decimal in both; Stripe requires whole units only for payouts, not charges:
 *       sent as they are.</li>
 *   <li>BHD, JOD, KWD, OMR, TND: three-decimal in both, but Stripe requires the last digit to be 0:
 *       refused otherwise.</li>
 * </ul>
 */
final class StripeAmounts {

    private static final Set<String> ZERO_DECIMAL = Set.of("BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG",
            "RWF", "VND", "VUV", "XAF", "XOF", "XPF");
    private static final Set<String> THREE_DECIMAL = Set.of("BHD", "JOD", "KWD", "OMR", "TND");

    private StripeAmounts() {
    }

    /** The amount in Stripe's unit for the currency. */
    static long toStripe(long amountMinor, String currencyCode) {
        String code = currencyCode.toUpperCase(Locale.ROOT);
        int isoDigits = Currency.getInstance(code).getDefaultFractionDigits();
        int stripeDigits = stripeDigits(code, isoDigits);
        long amount = scale(amountMinor, isoDigits, stripeDigits, code);
        if (THREE_DECIMAL.contains(code) && amount % 10 != 0) {
            throw new UnsupportedAmountException(
                    "Stripe takes " + code + " amounts in multiples of 10 of the minor unit; " + amountMinor + " is not one");
        }
        return amount;
    }

    private static int stripeDigits(String code, int isoDigits) {
        if (ZERO_DECIMAL.contains(code)) {
            return 0;
        }
        if (THREE_DECIMAL.contains(code)) {
            return 3;
        }
        // Every other currency Stripe takes is two-decimal in its API, ISK and UGX included. A currency
        // with no minor unit in ISO (XAU, XDR: -1) is not one Stripe charges in; Stripe says so itself.
        return isoDigits < 0 ? 0 : 2;
    }

    private static long scale(long amountMinor, int fromDigits, int toDigits, String code) {
        if (fromDigits < 0 || fromDigits == toDigits) {
            return amountMinor;
        }
        if (toDigits > fromDigits) {
            return Math.multiplyExact(amountMinor, pow10(toDigits - fromDigits));
        }
        long divisor = pow10(fromDigits - toDigits);
        if (amountMinor % divisor != 0) {
            throw new UnsupportedAmountException(
                    "Stripe takes " + code + " in whole units; " + amountMinor + " minor units is not a whole amount");
        }
        return amountMinor / divisor;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** The amount has no exact equivalent in Stripe's unit for its currency. */
    static final class UnsupportedAmountException extends RuntimeException {

        UnsupportedAmountException(String message) {
            super(message);
        }
    }
}
