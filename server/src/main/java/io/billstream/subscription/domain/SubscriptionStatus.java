package io.billstream.subscription.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * {@code pending} until its start; {@code trialing}; {@code active}; {@code past_due} while a
 * payment is being recovered; {@code canceled}: a cancellation is scheduled for the period end and
 * the subscription still runs until then (it can be revoked); {@code terminated}: ended for good.
 */
public enum SubscriptionStatus {
    PENDING, TRIALING, ACTIVE, PAST_DUE, CANCELED, TERMINATED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In a paid period (entitled and billed). */
    public boolean inPaidPeriod() {
        return this == ACTIVE || this == PAST_DUE || this == CANCELED;
    }

    public static SubscriptionStatus parse(String value, String field) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(SubscriptionStatus::apiName).toList()));
    }
}
