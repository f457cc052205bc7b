package io.billstream.payment.application;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.billstream.payment.provider.PaymentProvider;
import org.springframework.stereotype.Component;

/** The provider adapters by name. */
@Component
public class PaymentProviders {

    private final Map<String, PaymentProvider> byName;

    PaymentProviders(List<PaymentProvider> providers) {
        this.byName = providers.stream().collect(Collectors.toUnmodifiableMap(PaymentProvider::name, Function.identity()));
    }

    public Optional<PaymentProvider> find(String name) {
        return Optional.ofNullable(name).map(byName::get);
    }

    public PaymentProvider get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("no payment provider '" + name + "'"));
    }
}
