package io.billstream.platform.crypto;

/** A sealed value that cannot be opened: altered, malformed, or sealed under a key no longer configured. */
public class SealedValueException extends RuntimeException {

    public SealedValueException(String reason) {
        super(reason);
    }
}
