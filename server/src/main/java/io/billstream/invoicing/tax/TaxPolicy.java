package io.billstream.invoicing.tax;

import java.util.List;
import java.util.Objects;

import io.billstream.invoicing.domain.tax.TaxMode;
import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.tax.db.CustomerTaxModes;
import io.billstream.invoicing.tax.db.InvoiceSettingsRows;
import io.billstream.invoicing.tax.db.TaxRateAssignments;
import io.billstream.invoicing.tax.db.TaxRateAssignments.Scope;
import io.billstream.invoicing.tax.db.TaxRates;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which tax applies to a customer's invoice lines, for the current tenant. Read fresh on every call,
 * inside the caller's transaction when there is one: a rate deactivated or a mode changed applies to
 * the next line computed.
 */
@Service
public class TaxPolicy {

    private final CustomerTaxModes modes;
    private final InvoiceSettingsRows settings;
    private final TaxRateAssignments assignments;
    private final TaxRates rates;
    private final RateReferences references;

    TaxPolicy(CustomerTaxModes modes, InvoiceSettingsRows settings, TaxRateAssignments assignments, TaxRates rates,
              RateReferences references) {
        this.modes = modes;
        this.settings = settings;
        this.assignments = assignments;
        this.rates = rates;
        this.references = references;
    }

    /**
     * The customer's effective tax mode: "exempt", "external" (customer setting external, or tenant
     * tax_mode external and customer not overriding) or "rates".
     */
    @Transactional(readOnly = true)
    public String taxMode(String customerId) {
        Objects.requireNonNull(customerId, "customerId");
        String tenantId = TenantContext.require();
        return modes.find(tenantId, customerId).map(TaxMode::apiName)
                .orElseGet(() -> settings.find(tenantId, false).map(InvoiceSettingsRows.Row::taxMode)
                        .orElse(TaxMode.RATES.apiName()));
    }

    /**
     * The rates for one line: the customer's assigned rates if any, else the plan's (planId may be
     * null for manual lines), else the tenant's default rates (is_default), else none. Active rates
     * only: a level whose assigned rates are all inactive counts as having none, so the next one
     * applies. Does not look at the tax mode; ask {@link #taxMode} first.
     *
     * @return the rates in their assigned order (defaults oldest first)
     */
    @Transactional(readOnly = true)
    public List<TaxRate> ratesFor(String customerId, String planId) {
        Objects.requireNonNull(customerId, "customerId");
        String tenantId = TenantContext.require();
        List<TaxRate> customerRates = assignments.activeRates(tenantId, Scope.CUSTOMER, customerId);
        if (!customerRates.isEmpty()) {
            return customerRates;
        }
        if (planId != null) {
            List<TaxRate> planRates = assignments.activeRates(tenantId, Scope.PLAN, planId);
            if (!planRates.isEmpty()) {
                return planRates;
            }
        }
        return rates.activeDefaults(tenantId);
    }

    /**
     * Rates by ID for manual lines that name them, in the order given.
     *
     * @throws io.billstream.platform.domain.InvalidValueException naming {@code field} when an ID is
     *         unknown (or another tenant's), inactive, blank or repeated, or more than 10 are named
     */
    @Transactional(readOnly = true)
    public List<TaxRate> ratesById(List<String> ids, String field) {
        return references.resolve(ids, field, i -> field);
    }
}
