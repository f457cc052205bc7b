package io.billstream.customer.domain;

import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Everything about a billing account that its owner can set. Validates itself: an instance that
 * exists is a valid one.
 *
 * @param externalId the caller's own ID for the account, unique per tenant; usable wherever a
 *                   customer ID is accepted, so it may not look like one
 * @param currency   ISO 4217 code the account is billed in
 * @param timezone   IANA zone in which the account's billing periods are computed
 */
public record CustomerDetails(String externalId, String name, String email, BillingAddress billingAddress,
                              List<TaxId> taxIds, String currency, String timezone, BillingPreferences preferences,
                              Map<String, String> metadata) {

    static final int MAX_TAX_IDS = 10;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();

    public CustomerDetails {
        externalId = Text.optional(externalId, "external_id", 255);
        if (externalId != null && externalId.startsWith("cus_")) {
            throw new InvalidValueException("external_id", "external_id may not start with 'cus_', which marks Billstream's own IDs");
        }
        if (externalId != null && externalId.contains("/")) {
            throw new InvalidValueException("external_id", "external_id may not contain '/'");
        }
        name = Text.optional(name, "name", 255);
        email = Text.optional(email, "email", 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw new InvalidValueException("email", "'" + email + "' is not an e-mail address");
        }
        taxIds = taxIds == null ? List.of() : List.copyOf(taxIds);
        if (taxIds.size() > MAX_TAX_IDS) {
            throw new InvalidValueException("tax_ids", "at most " + MAX_TAX_IDS + " tax IDs");
        }
        if (currency != null) {
            currency = currency.toUpperCase(java.util.Locale.ROOT);
            if (!isIsoCurrency(currency)) {
                throw new InvalidValueException("currency", "'" + currency + "' is not an ISO 4217 currency code");
            }
        }
        timezone = timezone == null ? "UTC" : timezone;
        if (!ZONES.contains(timezone)) {
            throw new InvalidValueException("timezone", "'" + timezone + "' is not an IANA time zone such as 'Europe/Berlin'");
        }
        preferences = preferences == null ? BillingPreferences.DEFAULT : preferences;
        metadata = metadata == null ? Map.of() : io.billstream.platform.domain.Metadata.valid(metadata);
    }

    private static boolean isIsoCurrency(String code) {
        try {
            return code.length() == 3 && Currency.getInstance(code).getCurrencyCode().equals(code);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
