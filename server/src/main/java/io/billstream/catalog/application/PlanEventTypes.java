package io.billstream.catalog.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class PlanEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("plan.created", "A plan was created (version 1).", PlanView.class),
                new BillingEventType("plan.updated", "A plan was changed (possibly making a new version) or archived.", PlanView.class));
    }
}
