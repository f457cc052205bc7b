package io.billstream.payment.domain;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Where a payment stands. Moves only forward: {@code pending} (written, not yet accepted by the
 * provider) → {@code processing} (the provider is working on it: a bank debit, an asynchronous card
 * network) → {@code succeeded} | {@code failed} | {@code canceled}. A provider may still report a
 * failed charge as succeeded later (money captured after all), so {@code failed} → {@code succeeded}
 * is allowed; nothing leaves {@code succeeded} or {@code canceled}, which is what makes callbacks
 * safe to apply in any order (a late {@code processing} never overwrites {@code succeeded}).
 */
public enum PaymentStatus {
    PENDING, PROCESSING, SUCCEEDED, FAILED, CANCELED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<PaymentStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PROCESSING, SUCCEEDED, FAILED, CANCELED);
            case PROCESSING -> EnumSet.of(SUCCEEDED, FAILED, CANCELED);
            case FAILED -> EnumSet.of(SUCCEEDED);
            case SUCCEEDED, CANCELED -> EnumSet.noneOf(PaymentStatus.class);
        };
    }

    public boolean canMoveTo(PaymentStatus target) {
        return next().contains(target);
    }

    /** Still waiting for the provider's word. */
    public boolean open() {
        return this == PENDING || this == PROCESSING;
    }

    public static PaymentStatus parse(String value, String field) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(PaymentStatus::apiName).toList()));
    }
}
