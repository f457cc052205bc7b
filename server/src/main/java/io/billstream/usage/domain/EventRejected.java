package io.billstream.usage.domain;

/**
 * Why one usage event was refused: a stable {@code code} (listed in docs/usage-events.md), the
 * offending {@code field} ({@code properties.region}, {@code timestamp}, ...) and a sentence for people.
 * In a batch it rejects that event only.
 */
public class EventRejected extends RuntimeException {

    private final String code;
    private final String field;

    public EventRejected(String code, String field, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.field = field;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
