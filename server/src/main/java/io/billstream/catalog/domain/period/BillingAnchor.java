package io.billstream.catalog.domain.period;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/** Where a subscription's periods are aligned. */
public enum BillingAnchor {
    /** Periods start at the start of calendar units (midnight, Monday, the 1st, 1 Jan…); the first may be a stub. */
    CALENDAR,
    /** Periods repeat from the moment the subscription started, at the same local time of day. */
    ANNIVERSARY;

    /** The API name: {@code calendar} or {@code anniversary}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param field the API field the code came from, named in the error
     * @throws io.billstream.platform.domain.InvalidValueException if {@code code} is not an API name
     */
    public static BillingAnchor fromCode(String code, String field) {
        for (BillingAnchor anchor : values()) {
            if (anchor.code().equals(code)) {
                return anchor;
            }
        }
        throw new InvalidValueException(field, "must be one of "
                + Arrays.stream(values()).map(BillingAnchor::code).toList() + ", not '" + code + "'");
    }
}
