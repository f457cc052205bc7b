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

    /** Whether the customer has a default payment method to charge. */
    @Transactional(readOnly = true)
    public boolean hasDefaultPaymentMethod(String customerId) {
        return paymentMethods.findDefault(TenantContext.require(), customerId).isPresent();
    }

    @Override
    public void deleteFor(String testClockId) {
        String tenantId = TenantContext.require();
        paymentMethods.deleteForTestClock(tenantId, testClockId);
        customers.deleteForTestClock(tenantId, testClockId);
    }
}
