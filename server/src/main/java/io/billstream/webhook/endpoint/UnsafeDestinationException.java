package io.billstream.webhook.endpoint;

/** A webhook URL that must not be called (see {@link DestinationGuard}). */
public class UnsafeDestinationException extends RuntimeException {

    public UnsafeDestinationException(String reason) {
        super(reason);
    }
}
