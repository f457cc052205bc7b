package io.billstream.platform.money;

import java.math.BigDecimal;

/** How the API writes decimals (prices, quantities, limits): exact, as plain strings. */
public final class Decimals {

    private Decimals() {
    }

    /** {@code value} in plain notation without trailing zeros ("0.002", "1000", "0"), or {@code null}. */
    public static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}
