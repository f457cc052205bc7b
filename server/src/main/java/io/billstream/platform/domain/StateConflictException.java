package io.billstream.platform.domain;

/** A change the object's current state forbids, such as editing an archived customer. */
public class StateConflictException extends RuntimeException {

    private final String code;

    public StateConflictException(String code, String reason) {
        super(reason);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
