package io.billstream.invoicing.credit;

import io.billstream.invoicing.credit.db.CreditBalanceLedger;
import io.billstream.invoicing.credit.db.IssuedCreditNotes;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Deleting a test clock deletes its customers' credit notes and credit balance ledgers, before the
 * invoices and customers they refer to.
 */
@Component
@Order(2)
class CreditOfTestClocks implements TestClockData {

    private final IssuedCreditNotes creditNotes;
    private final CreditBalanceLedger ledger;

    CreditOfTestClocks(IssuedCreditNotes creditNotes, CreditBalanceLedger ledger) {
        this.creditNotes = creditNotes;
        this.ledger = ledger;
    }

    @Override
    public void deleteFor(String testClockId) {
        String tenantId = TenantContext.require();
        creditNotes.deleteForTestClock(tenantId, testClockId);
        ledger.deleteForTestClock(tenantId, testClockId);
    }
}
