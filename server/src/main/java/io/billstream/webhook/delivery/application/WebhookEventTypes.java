package io.billstream.webhook.delivery.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import org.springframework.stereotype.Component;

/** The billing events webhook delivery writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class WebhookEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(new BillingEventType(EndpointDisabling.EVENT_TYPE,
                "A webhook endpoint was disabled: it answered 410 Gone, or its deliveries failed for five days.",
                EndpointDisabling.DisabledEndpointView.class));
    }
}
