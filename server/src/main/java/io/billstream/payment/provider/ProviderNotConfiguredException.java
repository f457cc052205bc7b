package io.billstream.payment.provider;

/**
 * The provider's adapter is installed but not configured (no API key, no webhook secret): answered
 * 409 {@code provider_not_configured}. Nothing was sent to the provider, so nothing is unknown; unlike
 * {@link ProviderUnavailableException}, sending the request again changes nothing until an operator
 * configures the provider.
 */
public class ProviderNotConfiguredException extends IllegalStateException {

    private final String provider;

    public ProviderNotConfiguredException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}
