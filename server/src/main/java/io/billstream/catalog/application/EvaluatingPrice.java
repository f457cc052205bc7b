package io.billstream.catalog.application;

import java.util.Currency;
import java.util.Objects;

import io.billstream.catalog.domain.pricing.Charge;
import io.billstream.catalog.domain.pricing.Usage;

/** A request to price some usage of a charge in a currency, as a pricing page or a quote asks it. */
public record EvaluatingPrice(Charge charge, Usage usage, Currency currency) {

    public EvaluatingPrice {
        Objects.requireNonNull(charge, "charge");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(currency, "currency");
    }
}
