package io.billstream.payment.provider;

/** The provider could not be reached or failed on its side; the request's outcome is unknown. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
