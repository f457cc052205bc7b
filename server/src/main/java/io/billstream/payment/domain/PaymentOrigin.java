package io.billstream.payment.domain;

import java.util.Arrays;
import java.util.Locale;

/** Why a payment was attempted: an API call, an invoice's automatic collection, or a recovery retry. */
public enum PaymentOrigin {
    API, AUTO_COLLECTION, RETRY;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentOrigin fromApiName(String value) {
        return Arrays.stream(values()).filter(o -> o.apiName().equals(value)).findFirst().orElseThrow();
    }
}
