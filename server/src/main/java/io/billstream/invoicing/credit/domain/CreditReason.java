package io.billstream.invoicing.credit.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/** Why an invoice is credited: money going back, a billing mistake put right, or a gesture. */
public enum CreditReason {
    REFUND, CORRECTION, GOODWILL;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CreditReason parse(String value, String field) {
        if (value == null) {
            throw new InvalidValueException(field, field + " is required: one of " + names());
        }
        return Arrays.stream(values()).filter(r -> r.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of " + names()));
    }

    private static java.util.List<String> names() {
        return Arrays.stream(values()).map(CreditReason::apiName).toList();
    }
}
