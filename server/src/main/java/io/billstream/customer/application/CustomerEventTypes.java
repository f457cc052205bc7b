package io.billstream.customer.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class CustomerEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("customer.created", "A customer was created.", CustomerView.class),
                new BillingEventType("customer.updated", "A customer was changed.", CustomerView.class),
                new BillingEventType("customer.archived", "A customer was archived.", CustomerView.class),
                new BillingEventType("customer.erased", "A customer's personal data was erased on request; the object is the "
                        + "anonymised customer.", CustomerView.class),
                new BillingEventType("payment_method.attached", "A payment method was attached to a customer.", PaymentMethodView.class),
                new BillingEventType("payment_method.detached", "A payment method was detached from its customer.", PaymentMethodView.class));
    }
}
