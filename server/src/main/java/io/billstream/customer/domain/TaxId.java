package io.billstream.customer.domain;

import io.billstream.platform.domain.InvalidValueException;

/** A tax registration such as {@code eu_vat DE123456789}: the type names the country and scheme. */
public record TaxId(String type, String value) {

    public TaxId {
        if (type == null || !type.matches("[a-z]{2}_[a-z0-9]{2,12}")) {
            throw new InvalidValueException("tax_ids.type", "type must look like 'eu_vat' or 'us_ein'");
        }
        value = Text.required(value, "tax_ids.value", 64);
    }
}
