package io.billstream.invoicing.tax;

import io.billstream.invoicing.tax.db.CustomerTaxModes;
import io.billstream.invoicing.tax.db.TaxRateAssignments;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Deleting a test clock deletes its customers' tax settings, before the customers they refer to. */
@Component
@Order(90)
class TaxSettingsOfTestClocks implements TestClockData {

    private final CustomerTaxModes modes;
    private final TaxRateAssignments assignments;

    TaxSettingsOfTestClocks(CustomerTaxModes modes, TaxRateAssignments assignments) {
        this.modes = modes;
        this.assignments = assignments;
    }

    @Override
    public void deleteFor(String testClockId) {
        String tenantId = TenantContext.require();
        assignments.deleteForTestClock(tenantId, testClockId);
        modes.deleteForTestClock(tenantId, testClockId);
    }
}
