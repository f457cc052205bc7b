package io.billstream.payment.provider;

/** A callback that failed verification: answered 400, recorded nowhere, changes nothing. */
public class InvalidCallbackException extends RuntimeException {

    public InvalidCallbackException(String reason) {
        super(reason);
    }

    public InvalidCallbackException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
