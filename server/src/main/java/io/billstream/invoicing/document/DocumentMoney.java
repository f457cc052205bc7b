package io.billstream.invoicing.document;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Amounts as invoice documents print them: the ISO 4217 code, then the amount with the currency's own
 * number of decimals and thousands separators ("USD 1,234.50", "JPY 5,000", "KWD 12.345"). One
 * format for the PDF, the HTML view and the e-mail, independent of the server's locale.
 */
public final class DocumentMoney {

    private DocumentMoney() {
    }

    /** An amount in minor units of {@code currency}. */
    public static String format(long amountMinor, String currency) {
        return currency + " " + grouped(BigDecimal.valueOf(amountMinor, minorDigits(currency)));
    }

    /**
     * An exact amount in major units (a unit price such as "0.0025"), with at least the currency's
     * decimals and every further decimal it has, so a sub-cent price is never shown rounded.
     */
    public static String formatExact(String amountMajor, String currency) {
        BigDecimal amount = new BigDecimal(amountMajor).stripTrailingZeros();
        int digits = minorDigits(currency);
        if (amount.scale() < digits) {
            amount = amount.setScale(digits);
        }
        return currency + " " + grouped(amount);
    }

    /** A quantity ("1500.000" prints "1,500"; "2.5" stays "2.5"). */
    public static String quantity(String exact) {
        BigDecimal quantity = new BigDecimal(exact).stripTrailingZeros();
        return grouped(quantity.scale() < 0 ? quantity.setScale(0) : quantity);
    }

    /** A plain decimal with thousands separators, whatever the default locale ("-1,234.5"). */
    static String grouped(BigDecimal amount) {
        String plain = amount.abs().toPlainString();
        int point = plain.indexOf('.');
        String whole = point < 0 ? plain : plain.substring(0, point);
        StringBuilder out = new StringBuilder(plain.length() + whole.length() / 3 + 1);
        if (amount.signum() < 0) {
            out.append('-');
        }
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                out.append(',');
            }
            out.append(whole.charAt(i));
        }
        if (point >= 0) {
            out.append(plain, point, plain.length());
        }
        return out.toString();
    }

    private static int minorDigits(String currency) {
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }
}
