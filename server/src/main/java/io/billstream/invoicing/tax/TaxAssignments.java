package io.billstream.invoicing.tax;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.application.PlanCatalog;
import io.billstream.customer.BillingAccount;
import io.billstream.customer.CustomerDirectory;
import io.billstream.invoicing.domain.tax.TaxMode;
import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.tax.db.CustomerTaxModes;
import io.billstream.invoicing.tax.db.TaxRateAssignments;
import io.billstream.invoicing.tax.db.TaxRateAssignments.Scope;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which rates tax a customer's and a plan's lines, and a customer's own tax mode. Each change
 * replaces the whole assignment.
 */
@Service
public class TaxAssignments {

    private final CustomerDirectory customers;
    private final PlanCatalog plans;
    private final CustomerTaxModes modes;
    private final TaxRateAssignments assignments;
    private final RateReferences references;
    private final TaxPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    TaxAssignments(CustomerDirectory customers, PlanCatalog plans, CustomerTaxModes modes, TaxRateAssignments assignments,
                   RateReferences references, TaxPolicy policy, AuditLog audit, Clock clock) {
        this.customers = customers;
        this.plans = plans;
        this.modes = modes;
        this.assignments = assignments;
        this.references = references;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public CustomerTaxSettingsView customerSettings(String customerIdOrExternalId) {
        return customerView(customer(customerIdOrExternalId).id());
    }

    /**
     * @param taxMode rates, external, exempt, or null to follow the tenant's
     * @param rateIds the customer's rates, which take precedence over the plan's and the tenant's
     *                defaults; only with tax_mode rates or null, since the other modes apply none
     */
    @Transactional
    public CustomerTaxSettingsView changeCustomerSettings(String customerIdOrExternalId, String taxMode, List<String> rateIds) {
        String customerId = customer(customerIdOrExternalId).id();
        String tenantId = TenantContext.require();
        TaxMode mode = taxMode == null ? null : TaxMode.parseForCustomer(taxMode, "tax_mode");
        List<String> ids = rateIds == null ? List.of() : rateIds;
        if (mode != null && mode != TaxMode.RATES && !ids.isEmpty()) {
            throw new InvalidValueException("tax_rate_ids", "A customer with tax_mode " + mode.apiName()
                    + " is not taxed by rates: send no tax_rate_ids, or tax_mode 'rates' or null");
        }
        List<String> checked = references.resolve(ids, "tax_rate_ids", i -> "tax_rate_ids[" + i + "]").stream().map(TaxRate::id).toList();
        assignments.lock(tenantId, Scope.CUSTOMER, customerId);
        CustomerTaxSettingsView before = customerView(customerId);
        if (mode == null) {
            modes.clear(tenantId, customerId);
        } else {
            modes.set(tenantId, customerId, mode, clock.instant());
        }
        assignments.replace(tenantId, Scope.CUSTOMER, customerId, checked);
        CustomerTaxSettingsView after = customerView(customerId);
        if (!after.equals(before)) {
            audit.record("customer_tax_settings.update", "customer_tax_settings", customerId, before, after);
        }
        return after;
    }

    @Transactional(readOnly = true)
    public PlanTaxRatesView planRates(String planIdOrCode) {
        return planView(planId(planIdOrCode));
    }

    /** @param rateIds the plan's rates, applied to its subscriptions' lines when the customer has none of its own */
    @Transactional
    public PlanTaxRatesView changePlanRates(String planIdOrCode, List<String> rateIds) {
        String planId = planId(planIdOrCode);
        String tenantId = TenantContext.require();
        List<String> checked = references.resolve(rateIds, "tax_rate_ids", i -> "tax_rate_ids[" + i + "]").stream()
                .map(TaxRate::id).toList();
        assignments.lock(tenantId, Scope.PLAN, planId);
        PlanTaxRatesView before = planView(planId);
        assignments.replace(tenantId, Scope.PLAN, planId, checked);
        PlanTaxRatesView after = planView(planId);
        if (!after.equals(before)) {
            audit.record("plan_tax_rates.update", "plan_tax_rates", planId, before, after);
        }
        return after;
    }

    private BillingAccount customer(String idOrExternalId) {
        return customers.find(idOrExternalId).orElseThrow(() -> ApiException.notFound("customer", idOrExternalId));
    }

    private CustomerTaxSettingsView customerView(String customerId) {
        String tenantId = TenantContext.require();
        Optional<TaxMode> own = modes.find(tenantId, customerId);
        return new CustomerTaxSettingsView("customer_tax_settings", customerId, own.map(TaxMode::apiName).orElse(null),
                policy.taxMode(customerId), assignments.rateIds(tenantId, Scope.CUSTOMER, customerId));
    }

    /** Archived plans included: their subscriptions are still billed. */
    private String planId(String idOrCode) {
        return plans.findId(idOrCode).orElseThrow(() -> ApiException.notFound("plan", idOrCode));
    }

    private PlanTaxRatesView planView(String planId) {
        return new PlanTaxRatesView("plan_tax_rates", planId, assignments.rateIds(TenantContext.require(), Scope.PLAN, planId));
    }
}
