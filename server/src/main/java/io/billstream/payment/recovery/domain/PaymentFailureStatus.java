package io.billstream.payment.recovery.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * Where the recovery of one invoice stands: {@code open} while retries remain, then {@code recovered}
 * (the invoice was paid, or voided) or {@code exhausted} (every retry failed). An exhausted failure can
 * still be recovered by a later payment.
 */
public enum PaymentFailureStatus {
    OPEN, RECOVERED, EXHAUSTED;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PaymentFailureStatus parse(String value, String field) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, field + " must be one of "
                        + Arrays.stream(values()).map(PaymentFailureStatus::apiName).toList()));
    }
}
