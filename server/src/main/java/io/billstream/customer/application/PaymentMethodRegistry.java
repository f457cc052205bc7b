package io.billstream.customer.application;

import java.time.Clock;
import java.util.List;

import io.billstream.customer.PaymentMethodAttached;
import io.billstream.customer.db.Customers;
import io.billstream.customer.db.PaymentMethods;
import io.billstream.customer.domain.Customer;
import io.billstream.customer.domain.CustomerStatus;
import io.billstream.customer.domain.PaymentMethod;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Attaching and detaching a customer's payment methods (provider tokens). */
@Service
public class PaymentMethodRegistry {

    private final Customers customers;
    private final PaymentMethods methods;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    PaymentMethodRegistry(Customers customers, PaymentMethods methods, BillingEventLog events, AuditLog audit, Clock clock,
                          ApplicationEventPublisher publisher) {
        this.customers = customers;
        this.methods = methods;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
        this.publisher = publisher;
    }

    /** The first method attached becomes the default; a later one only when asked. */
    @Transactional
    public PaymentMethodView attach(String customerIdOrExternalId, String provider, String token, String type, String label,
                                    Boolean makeDefault) {
        Customer customer = customers.find(TenantContext.require(), customerIdOrExternalId, true)
                .orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
        if (customer.status() == CustomerStatus.ARCHIVED) {
            throw ApiException.conflict("customer_archived", null, "Customer " + customer.id() + " is archived");
        }
        boolean isDefault = Boolean.TRUE.equals(makeDefault)
                || methods.findDefault(customer.tenantId(), customer.id()).isEmpty();
        if (isDefault) {
            methods.clearDefault(customer.tenantId(), customer.id());
        }
        var method = new PaymentMethod(Ids.next("pm"), customer.tenantId(), customer.id(), provider, token, type, label, isDefault,
                clock.instant(), null);
        methods.insert(method);
        PaymentMethodView view = PaymentMethodView.of(method);
        events.append("payment_method.attached", EventSubjects.customer(customer.id()), view, null);
        audit.record("payment_method.attach", "payment_method", method.id(), null, view);
        publisher.publishEvent(new PaymentMethodAttached(customer.tenantId(), customer.id(), method.id(), isDefault));
        return view;
    }

    @Transactional(readOnly = true)
    public List<PaymentMethodView> list(String customerIdOrExternalId) {
        Customer customer = customers.find(TenantContext.require(), customerIdOrExternalId, false)
                .orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
        return methods.listAttached(customer.tenantId(), customer.id()).stream().map(PaymentMethodView::of).toList();
    }

    @Transactional
    public PaymentMethodView detach(String customerIdOrExternalId, String paymentMethodId) {
        Customer customer = customers.find(TenantContext.require(), customerIdOrExternalId, true)
                .orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId));
        PaymentMethod current = methods.find(customer.tenantId(), customer.id(), paymentMethodId)
                .orElseThrow(() -> ApiException.notFound("payment_method", paymentMethodId));
        PaymentMethod detached = current.detach(clock.instant());
        if (detached != current) {
            methods.detach(detached);
            events.append("payment_method.detached", EventSubjects.customer(customer.id()), PaymentMethodView.of(detached), null);
            audit.record("payment_method.detach", "payment_method", current.id(), PaymentMethodView.of(current),
                    PaymentMethodView.of(detached));
        }
        return PaymentMethodView.of(detached);
    }
}
