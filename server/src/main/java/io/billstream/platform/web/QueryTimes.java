package io.billstream.platform.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Timestamps in query parameters (ranges, filters), read the same way by every list endpoint. */
public final class QueryTimes {

    private QueryTimes() {
    }

    /**
     * An RFC 3339 timestamp, or null when absent. A '+' of an offset that the query string turned into
     * a space (an unencoded {@code +02:00}) is put back.
     *
     * @throws ApiException 400 naming {@code param}
     */
    public static Instant parse(String value, String param) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim().replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be an RFC 3339 time such as 2026-03-01T00:00:00Z, got '" + value + "'");
        }
    }
}
