package io.billstream.payment.application;

import java.util.List;

import io.billstream.events.BillingEventType;
import io.billstream.events.BillingEventTypeRegistration;
import io.billstream.payment.recovery.application.PaymentFailureView;
import org.springframework.stereotype.Component;

/** The billing events this module writes, for the event catalog (GET /v1/billing-event-types). */
@Component
class PaymentEventTypes implements BillingEventTypeRegistration {

    @Override
    public List<BillingEventType> billingEventTypes() {
        return List.of(
                new BillingEventType("payment.created", "A payment was written (API, automatic collection, recovery retry).",
                        PaymentView.class),
                new BillingEventType("payment.processing", "The provider accepted a payment and is working on it.", PaymentView.class),
                new BillingEventType("payment.succeeded", "A payment collected its money.", PaymentView.class),
                new BillingEventType("payment.failed", "The provider declined or failed a payment.", PaymentView.class),
                new BillingEventType("payment.canceled", "A payment was canceled by the provider, or before it was sent.", PaymentView.class),
                new BillingEventType("payment.refunded", "A refund succeeded; data.object is the refund.", RefundView.class),
                new BillingEventType("payment.refund_failed", "A refund failed and its amount went to the credit balance; data.object is "
                        + "the refund.", RefundView.class),
                new BillingEventType("payment_failure.created", "The first failed payment of an invoice opened its recovery.",
                        PaymentFailureView.class),
                new BillingEventType("payment_failure.retry_scheduled", "A recovery retry was scheduled.", PaymentFailureView.class),
                new BillingEventType("payment_failure.exhausted", "The last scheduled retry failed: the invoice is written off.",
                        PaymentFailureView.class),
                new BillingEventType("payment_failure.recovered", "The invoice was paid (or voided) during or after recovery.",
                        PaymentFailureView.class));
    }
}
