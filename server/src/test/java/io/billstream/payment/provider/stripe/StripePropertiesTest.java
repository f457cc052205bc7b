package io.billstream.payment.provider.stripe;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripePropertiesTest {

    private static StripeProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate(StripeProperties.PREFIX, Bindable.of(StripeProperties.class));
    }

    @Test
    void the_documented_property_names_bind() {
        StripeProperties properties = bind(Map.of(
                "billstream.payments.stripe.api-key", "sk_test_123",
                "billstream.payments.stripe.webhook-secret", "whsec_123",
                "billstream.payments.stripe.api-base", "http://localhost:12111/",
                "billstream.payments.stripe.webhook-tolerance", "2m",
                "billstream.payments.stripe.connect-timeout", "5s",
                "billstream.payments.stripe.read-timeout", "20s",
                "billstream.payments.stripe.max-network-retries", "0"));

        assertThat(properties).isEqualTo(new StripeProperties("sk_test_123", "whsec_123", "http://localhost:12111",
                Duration.ofMinutes(2), Duration.ofSeconds(5), Duration.ofSeconds(20), 0));
    }

    @Test
    void nothing_set_is_unconfigured_with_stripes_defaults() {
        StripeProperties properties = bind(Map.of());

        assertThat(properties.apiKey()).isNull();
        assertThat(properties.webhookSecret()).isNull();
        assertThat(properties.apiBase()).isEqualTo("https://api.stripe.com");
        assertThat(properties.webhookTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(80));
        assertThat(properties.maxNetworkRetries()).isEqualTo(2);
    }

    @Test
    void an_empty_api_key_from_an_unset_environment_variable_is_no_api_key() {
        assertThat(bind(Map.of("billstream.payments.stripe.api-key", " ")).apiKey()).isNull();
    }

    @Test
    void a_tolerance_under_a_second_is_refused_because_stripe_java_would_check_nothing() {
        assertThatThrownBy(() -> bind(Map.of("billstream.payments.stripe.webhook-tolerance", "0s")))
                .isInstanceOf(BindException.class).rootCause().hasMessageContaining("webhook-tolerance");
    }

    @Test
    void the_secrets_never_appear_in_its_text() {
        String text = new StripeProperties("sk_live_secret", "whsec_secret", null, null, null, null, null).toString();

        assertThat(text).doesNotContain("sk_live_secret").doesNotContain("whsec_secret").contains("apiKey=set");
    }
}
