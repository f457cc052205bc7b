package io.billstream.customer;

import java.util.Optional;

import io.billstream.customer.db.Customers;
import io.billstream.customer.db.PaymentMethods;
import io.billstream.customer.domain.CustomerStatus;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Customers as other modules see them: looked up by ID or external_id, read-only. */
@Service
@Order(100) // a test clock's customers go last, after the rows that refer to them
public class CustomerDirectory implements TestClockData {

    private final Customers customers;
    private final PaymentMethods paymentMethods;

    CustomerDirectory(Customers customers, PaymentMethods paymentMethods) {
        this.customers = customers;
        this.paymentMethods = paymentMethods;
    }

    @Transactional(readOnly = true)
    public Optional<BillingAccount> find(String idOrExternalId) {
        return customers.find(TenantContext.require(), idOrExternalId, false)
                .map(c -> new BillingAccount(c.id(), c.details().externalId(), c.details().currency(), c.details().timezone(),
                        c.testClockId(), c.status() == CustomerStatus.ARCHIVED));
    }

    /** The customer as invoices address it, by ID or external_id. */
    @Transactional(readOnly = true)
    public Optional<BillingProfile> billingProfile(String idOrExternalId) {
        return customers.find(TenantContext.require(), idOrExternalId, false).map(c -> {
            var d = c.details();
            var a = d.billingAddress();
            java.util.List<String> address = new java.util.ArrayList<>();
            if (a != null) {
                java.util.stream.Stream.of(a.line1(), a.line2()).filter(java.util.Objects::nonNull).forEach(address::add);
                String cityLine = java.util.stream.Stream.of(a.postalCode(), a.city(), a.state()).filter(java.util.Objects::nonNull)
                        .collect(java.util.stream.Collectors.joining(" "));
                if (!cityLine.isBlank()) {
                    address.add(cityLine);
                }
                if (a.country() != null) {
                    address.add(a.country());
                }
            }
            var prefs = d.preferences() == null ? io.billstream.customer.domain.BillingPreferences.DEFAULT : d.preferences();
            return new BillingProfile(c.id(), d.externalId(), d.name(), d.email(), address,
                    d.taxIds().stream().map(t -> t.type() + ": " + t.value()).toList(), d.currency(), d.timezone(),
                    prefs.invoiceGracePeriodDays(), prefs.netPaymentTermsDays(), c.testClockId());
        });
    }

    /** Whether the customer has a default payment method to charge. */
    @Transactional(readOnly = true)
    public boolean hasDefaultPaymentMethod(String customerId) {
        return paymentMethods.findDefault(TenantContext.require(), customerId).isPresent();
    }

    /** An attached (not detached) payment method of the customer. */
    @Transactional(readOnly = true)
    public Optional<ChargeableMethod> paymentMethod(String customerId, String paymentMethodId) {
        return paymentMethods.find(TenantContext.require(), customerId, paymentMethodId)
                .filter(m -> m.detachedAt() == null).map(CustomerDirectory::chargeable);
    }

    /**
     * The provider token of a method the customer has or had (detached ones included): what a payment
     * was charged with, for its refunds and for asking the provider about it. Empty for a null ID.
     */
    @Transactional(readOnly = true)
    public Optional<String> providerToken(String customerId, String paymentMethodId) {
        return paymentMethodId == null ? Optional.empty()
                : paymentMethods.find(TenantContext.require(), customerId, paymentMethodId).map(io.billstream.customer.domain.PaymentMethod::providerToken);
    }

    @Transactional(readOnly = true)
    public Optional<ChargeableMethod> defaultPaymentMethod(String customerId) {
        return paymentMethods.findDefault(TenantContext.require(), customerId).map(CustomerDirectory::chargeable);
    }

    private static ChargeableMethod chargeable(io.billstream.customer.domain.PaymentMethod m) {
        return new ChargeableMethod(m.id(), m.customerId(), m.provider(), m.providerToken(), m.type(), m.isDefault());
    }

    @Override
    public void deleteFor(String testClockId) {
        String tenantId = TenantContext.require();
        paymentMethods.deleteForTestClock(tenantId, testClockId);
        customers.deleteForTestClock(tenantId, testClockId);
    }
}
