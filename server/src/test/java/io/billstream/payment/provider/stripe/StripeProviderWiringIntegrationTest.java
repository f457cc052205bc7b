package io.billstream.payment.provider.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The adapter in the running server, which (like a fresh installation) has no Stripe settings: it is
 * one of the providers, bound to its defaults, and refuses as not configured rather than failing to start.
 */
class StripeProviderWiringIntegrationTest extends IntegrationTest {

    @Autowired
    List<PaymentProvider> providers;

    @Autowired
    StripeProperties properties;

    @Test
    void the_stripe_provider_is_a_provider_bound_to_its_properties() {
        assertThat(providers).filteredOn(provider -> provider.name().equals("stripe")).singleElement()
                .isInstanceOf(StripeProvider.class);
        assertThat(properties.apiKey()).isNull();
        assertThat(properties.apiBase()).isEqualTo("https://api.stripe.com");
    }

    @Test
    void unconfigured_it_refuses_charges_and_callbacks_as_not_configured() {
        PaymentProvider stripe = providers.stream().filter(provider -> provider.name().equals("stripe")).findFirst().orElseThrow();

        assertThatThrownBy(() -> stripe.charge(new ChargeRequest("pay_1", "ten_1", "cus_1", "inv_1", "pm_card_visa", 100, "USD",
                null))).isInstanceOf(ProviderNotConfiguredException.class);
        assertThatThrownBy(() -> stripe.verify(new byte[0], Map.of(), Instant.EPOCH))
                .isInstanceOf(ProviderNotConfiguredException.class);
    }
}
