package io.billstream.payment.provider.stripe;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code stripe} provider's settings. Without an API key the provider still exists (payment
 * methods may name it) but every call to Stripe is refused as not configured; without a webhook
 * secret, so is every callback.
 *
 * @param apiKey            the secret API key ({@code sk_live_...}, {@code sk_test_...}) or a restricted key
 *                          allowed to write PaymentIntents and Refunds
 * @param webhookSecret     the signing secret of the webhook endpoint ({@code whsec_...})
 * @param apiBase           where Stripe's API is (default {@code https://api.stripe.com}); tests point it at a stub
 * @param webhookTolerance  how old a callback's signed timestamp may be (default 5 minutes, at least 1 second)
 * @param connectTimeout    default 30 seconds, as stripe-java's
 * @param readTimeout       default 80 seconds, as stripe-java's: Stripe may take that long to confirm a payment
 * @param maxNetworkRetries how often stripe-java itself sends a request again after a network error, a 409
 *                          or a 5xx, under the same idempotency key (default 2, as Stripe recommends)
 */
@ConfigurationProperties("billstream.payments.stripe")
public record StripeProperties(String apiKey, String webhookSecret, String apiBase, Duration webhookTolerance,
                               Duration connectTimeout, Duration readTimeout, Integer maxNetworkRetries) {

    static final String PREFIX = "billstream.payments.stripe";

    public StripeProperties {
        // An environment variable defined as empty means "not configured", not "an empty key".
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret.strip();
        apiBase = apiBase == null || apiBase.isBlank() ? "https://api.stripe.com" : stripTrailingSlash(apiBase.strip());
        webhookTolerance = webhookTolerance == null ? Duration.ofMinutes(5) : webhookTolerance;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(80) : readTimeout;
        maxNetworkRetries = maxNetworkRetries == null ? 2 : maxNetworkRetries;
        // stripe-java skips the timestamp check altogether when the tolerance is 0 or less.
        if (webhookTolerance.toSeconds() < 1) {
            throw new IllegalArgumentException(PREFIX + ".webhook-tolerance must be at least 1 second");
        }
        requireMillis(connectTimeout, "connect-timeout");
        requireMillis(readTimeout, "read-timeout");
        if (maxNetworkRetries < 0) {
            throw new IllegalArgumentException(PREFIX + ".max-network-retries must not be negative");
        }
    }

    /** Properties with only what tests and a minimal set-up need; everything else takes its default. */
    public static StripeProperties of(String apiKey, String webhookSecret, String apiBase) {
        return new StripeProperties(apiKey, webhookSecret, apiBase, null, null, null, null);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void requireMillis(Duration timeout, String name) {
        if (timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + "." + name + " must be between 1 ms and about 24 days");
        }
    }

    // Never the secrets: records print every component, and properties end up in logs and reports.
    @Override
    public String toString() {
        return "StripeProperties[apiKey=" + (apiKey == null ? "unset" : "set") + ", webhookSecret="
                + (webhookSecret == null ? "unset" : "set") + ", apiBase=" + apiBase + ", webhookTolerance=" + webhookTolerance
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxNetworkRetries="
                + maxNetworkRetries + "]";
    }
}
