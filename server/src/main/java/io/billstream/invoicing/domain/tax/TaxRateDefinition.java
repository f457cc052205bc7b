package io.billstream.invoicing.domain.tax;

import java.time.Instant;
import java.util.Objects;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A tax rate in a tenant's catalogue. Its percentage and whether it is inclusive never change once
 * it exists, because issued invoices refer to it; a rate no longer wanted is deactivated, and
 * inactive rates are never applied to new lines.
 *
 * @param isDefault applied to lines for which neither the customer nor the plan names rates
 */
public record TaxRateDefinition(String tenantId, TaxRate rate, String description, boolean isDefault, boolean active,
                                Instant createdAt, Instant updatedAt) {

    public static final int MAX_DESCRIPTION_LENGTH = 500;

    public TaxRateDefinition {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(rate, "rate");
        if (description != null) {
            description = description.strip();
            if (description.isEmpty()) {
                description = null;
            } else if (description.length() > MAX_DESCRIPTION_LENGTH) {
                throw new InvalidValueException("description", "description must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
            }
        }
    }

    public String id() {
        return rate.id();
    }

    /** The same rate with what may change about it: its name, description, and whether it is active or a default. */
    public TaxRateDefinition change(String name, String newDescription, boolean nowActive, boolean nowDefault, Instant now) {
        TaxRate renamed = new TaxRate(rate.id(), name, rate.percentage(), rate.country(), rate.region(), rate.inclusive());
        return new TaxRateDefinition(tenantId, renamed, newDescription, nowDefault, nowActive, createdAt, now);
    }
}
