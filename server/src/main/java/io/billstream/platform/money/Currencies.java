package io.billstream.platform.money;

import java.util.Currency;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/** Reads currency codes from the outside world. */
public final class Currencies {

    private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

    private Currencies() {
    }

    /**
     * The ISO 4217 currency with this upper-case code, refusing codes Java does not know and
     * currencies without a minor unit (gold, testing codes), which cannot be billed.
     *
     * @param field the name the caller knows the value by, reported when it is refused
     * @throws InvalidValueException naming {@code field}
     */
    public static Currency parse(String code, String field) {
        if (code == null || code.isEmpty()) {
            throw new InvalidValueException(field, field + " is required: an ISO 4217 code such as 'USD'");
        }
        if (!CODE.matcher(code).matches()) {
            throw new InvalidValueException(field, "'" + code + "' is not an ISO 4217 code: use three upper-case letters such as 'USD'");
        }
        Currency currency;
        try {
            currency = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, "'" + code + "' is not an ISO 4217 currency code");
        }
        if (currency.getDefaultFractionDigits() < 0) {
            throw new InvalidValueException(field, "'" + code + "' has no minor unit and cannot be billed");
        }
        return currency;
    }
}
