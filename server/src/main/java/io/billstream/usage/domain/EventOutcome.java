package io.billstream.usage.domain;

import java.util.Locale;

/** What happened to one event of a request: accepted (counted), duplicate (already counted) or rejected. */
public record EventOutcome(String transactionId, Status status, String code, String field, String detail) {

    public enum Status {
        ACCEPTED, DUPLICATE, REJECTED;

        public String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static EventOutcome accepted(String transactionId) {
        return new EventOutcome(transactionId, Status.ACCEPTED, null, null, null);
    }

    public static EventOutcome duplicate(String transactionId) {
        return new EventOutcome(transactionId, Status.DUPLICATE, null, null, null);
    }

    public static EventOutcome rejected(String transactionId, EventRejected why) {
        return new EventOutcome(transactionId, Status.REJECTED, why.code(), why.field(), why.getMessage());
    }
}
