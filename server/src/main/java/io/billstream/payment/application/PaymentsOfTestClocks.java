package io.billstream.payment.application;

import io.billstream.payment.db.Payments;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** A deleted test clock takes its customers' payments, refunds and payment failures, before the invoices and credit notes they refer to. */
@Component
@Order(1)
class PaymentsOfTestClocks implements TestClockData {

    private final Payments payments;

    PaymentsOfTestClocks(Payments payments) {
        this.payments = payments;
    }

    @Override
    public void deleteFor(String testClockId) {
        payments.deleteForTestClock(TenantContext.require(), testClockId);
    }
}
