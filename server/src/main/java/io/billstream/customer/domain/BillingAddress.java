package io.billstream.customer.domain;

import java.util.Locale;
import java.util.Set;

import io.billstream.platform.domain.InvalidValueException;

/** A postal billing address; {@code country} is an ISO 3166-1 alpha-2 code. */
public record BillingAddress(String line1, String line2, String city, String state, String postalCode, String country) {

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public BillingAddress {
        line1 = Text.optional(line1, "billing_address.line1", 200);
        line2 = Text.optional(line2, "billing_address.line2", 200);
        city = Text.optional(city, "billing_address.city", 100);
        state = Text.optional(state, "billing_address.state", 100);
        postalCode = Text.optional(postalCode, "billing_address.postal_code", 20);
        if (country == null) {
            throw new InvalidValueException("billing_address.country", "country is required in a billing address");
        }
        country = country.toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw new InvalidValueException("billing_address.country", "'" + country + "' is not an ISO 3166-1 alpha-2 country code");
        }
    }
}
