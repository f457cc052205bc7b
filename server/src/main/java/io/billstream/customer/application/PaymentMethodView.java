package io.billstream.customer.application;

import java.time.Instant;

import io.billstream.customer.domain.PaymentMethod;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "payment_method")
public record PaymentMethodView(String id, String object, String customerId, String provider, String providerToken, String type,
                                String label, boolean isDefault, Instant createdAt, Instant detachedAt) {

    static PaymentMethodView of(PaymentMethod m) {
        return new PaymentMethodView(m.id(), "payment_method", m.customerId(), m.provider(), m.providerToken(), m.type(), m.label(),
                m.isDefault(), m.createdAt(), m.detachedAt());
    }
}
