package io.billstream.usage.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class UsageEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("usage.threshold_reached", "Usage counted against a limit reached one of its alert thresholds.",
                        UsageAlertView.class),
                new BillingEventType("usage.limit_reached", "Usage counted against a limit reached the limit.", UsageAlertView.class));
    }
}
