package io.billstream.payment.provider;

/** The provider adapter exists but this installation has not configured its credentials. */
public class ProviderNotConfiguredException extends RuntimeException {

    public ProviderNotConfiguredException(String message) {
        super(message);
    }
}
