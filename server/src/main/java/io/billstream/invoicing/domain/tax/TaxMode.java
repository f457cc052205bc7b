package io.billstream.invoicing.domain.tax;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.billstream.platform.domain.InvalidValueException;

/**
 * How an invoice is taxed: by the tenant's tax rates, by an outside tax system (the invoice waits
 * in {@code pending_tax} for its tax lines), or not at all. A tenant chooses between the first two;
 * a customer may also be exempt.
 */
public enum TaxMode {
    RATES("rates"),
    EXTERNAL("external"),
    EXEMPT("exempt");

    private final String apiName;

    TaxMode(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** A customer's mode: any of the three. */
    public static TaxMode parseForCustomer(String value, String field) {
        return parse(value, field, values());
    }

    /** A tenant's mode: exemption is a property of a buyer, not of the whole business. */
    public static TaxMode parseForTenant(String value, String field) {
        return parse(value, field, RATES, EXTERNAL);
    }

    private static TaxMode parse(String value, String field, TaxMode... allowed) {
        for (TaxMode mode : allowed) {
            if (mode.apiName.equals(value)) {
                return mode;
            }
        }
        throw new InvalidValueException(field, field + " must be one of " + Arrays.stream(allowed).map(m -> "'" + m.apiName + "'")
                .collect(Collectors.joining(", ")) + "; '" + value + "' is not");
    }
}
