package io.billstream.invoicing.domain.tax;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A tax as it applies to a line: {@code percentage} per cent of the taxable amount, either added on
 * top ({@code inclusive} false) or already contained in the price ({@code inclusive} true).
 *
 * @param percentage greater than 0 and at most 100, with at most 4 decimals ({@code 8.875} is 8.875 %);
 *                   kept without trailing zeros
 * @param country    ISO 3166-1 alpha-2, upper case, or null
 * @param region     a state or province as free text, or null
 */
public record TaxRate(String id, String name, BigDecimal percentage, String country, String region, boolean inclusive) {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_REGION_LENGTH = 100;
    public static final int MAX_PERCENTAGE_DECIMALS = 4;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public TaxRate {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "name is required");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidValueException("name", "name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        percentage = percentage(percentage);
        if (country != null && !COUNTRIES.contains(country)) {
            throw new InvalidValueException("country", "country must be an ISO 3166-1 alpha-2 code in upper case, such as 'DE'; '"
                    + abbreviated(country) + "' is not one");
        }
        if (region != null) {
            region = region.strip();
            if (region.isEmpty()) {
                region = null;
            } else if (region.length() > MAX_REGION_LENGTH) {
                throw new InvalidValueException("region", "region must be at most " + MAX_REGION_LENGTH + " characters");
            }
        }
    }

    private static BigDecimal percentage(BigDecimal percentage) {
        if (percentage == null) {
            throw new InvalidValueException("percentage", "percentage is required");
        }
        if (percentage.signum() <= 0 || percentage.compareTo(HUNDRED) > 0) {
            throw new InvalidValueException("percentage", "percentage must be greater than 0 and at most 100; "
                    + percentage.toPlainString() + " is not");
        }
        BigDecimal stripped = percentage.stripTrailingZeros();
        if (stripped.scale() > MAX_PERCENTAGE_DECIMALS) {
            throw new InvalidValueException("percentage", "percentage has at most " + MAX_PERCENTAGE_DECIMALS
                    + " decimal places; " + percentage.toPlainString() + " has more");
        }
        // 1E+2 would print as such; a plain scale of at least 0 keeps "100".
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String abbreviated(String text) {
        return text.length() <= 10 ? text : text.substring(0, 10) + "…";
    }
}
