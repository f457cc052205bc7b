package io.billstream.customer.domain;

import java.time.Instant;
import java.util.Set;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A way to charge a customer, held as the payment provider's token: Billstream never sees card
 * numbers. At most one attached method per customer is the default.
 */
public record PaymentMethod(String id, String tenantId, String customerId, String provider, String providerToken, String type,
                            String label, boolean isDefault, Instant createdAt, Instant detachedAt) {

    private static final Set<String> PROVIDERS = Set.of("sandbox", "manual", "stripe");
    private static final Set<String> TYPES = Set.of("card", "sepa_debit", "us_bank_account", "bank_transfer", "other");

    public PaymentMethod {
        if (provider == null || !PROVIDERS.contains(provider)) {
            throw new InvalidValueException("provider", "must be one of " + PROVIDERS.stream().sorted().toList());
        }
        if (providerToken == null || providerToken.isBlank() || providerToken.length() > 255) {
            throw new InvalidValueException("provider_token", "is required (the provider's token, at most 255 characters)");
        }
        if (providerToken.replaceAll("[\\s-]", "").matches("\\d{12,19}")) {
            throw new InvalidValueException("provider_token", "looks like a card number; send the provider's token instead");
        }
        if (type == null || !TYPES.contains(type)) {
            throw new InvalidValueException("type", "must be one of " + TYPES.stream().sorted().toList());
        }
        if (label != null && label.length() > 100) {
            throw new InvalidValueException("label", "must be at most 100 characters");
        }
    }

    public PaymentMethod detach(Instant now) {
        return detachedAt != null ? this
                : new PaymentMethod(id, tenantId, customerId, provider, providerToken, type, label, false, createdAt, now);
    }
}
