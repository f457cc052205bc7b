package io.billstream.payment.domain;

import java.util.Locale;

/** {@code pending} until the provider confirms; then {@code succeeded} or {@code failed}, for good. */
public enum RefundStatus {
    PENDING, SUCCEEDED, FAILED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RefundStatus fromApiName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
