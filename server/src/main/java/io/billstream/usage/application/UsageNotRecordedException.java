package io.billstream.usage.application;

/**
 * The events could not be written (the database is down or too slow): none of them was
 * acknowledged, so the caller retries with the same transaction IDs and nothing counts twice.
 */
public class UsageNotRecordedException extends RuntimeException {

    public UsageNotRecordedException(Throwable cause) {
        super("The usage events were not recorded; retry with the same transaction_id values", cause);
    }
}
