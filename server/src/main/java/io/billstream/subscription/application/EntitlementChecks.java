package io.billstream.subscription.application;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.billstream.customer.CustomerDirectory;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.subscription.db.Entitlements;
import io.billstream.subscription.db.Subscriptions;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The entitlement read path, which products call on every request. It reads only the entitlement
 * state rows that subscription changes keep current: one indexed query, no catalog lookups.
 */
@Service
public class EntitlementChecks {

    private final Entitlements entitlements;
    private final Subscriptions subscriptions;
    private final CustomerDirectory customers;

    EntitlementChecks(Entitlements entitlements, Subscriptions subscriptions, CustomerDirectory customers) {
        this.entitlements = entitlements;
        this.subscriptions = subscriptions;
        this.customers = customers;
    }

    /** Deliberately outside a transaction: one statement needs no BEGIN and COMMIT round trips. */
    public EntitlementDecision decide(String customerIdOrExternalId, String featureCode) {
        List<Entitlements.Row> grants = entitlements.ofCustomer(TenantContext.require(), customerIdOrExternalId, featureCode);
        if (grants.isEmpty()) {
            String customerId = requireCustomer(customerIdOrExternalId);
            return EntitlementDecision.of(customerId, featureCode, grants);
        }
        return EntitlementDecision.of(grants.getFirst().customerId(), featureCode, grants);
    }

    @Transactional(readOnly = true)
    public List<EntitlementDecision> ofCustomer(String customerIdOrExternalId) {
        List<Entitlements.Row> grants = entitlements.ofCustomer(TenantContext.require(), customerIdOrExternalId, null);
        if (grants.isEmpty()) {
            requireCustomer(customerIdOrExternalId);
            return List.of();
        }
        Map<String, List<Entitlements.Row>> byFeature = new LinkedHashMap<>();
        grants.forEach(g -> byFeature.computeIfAbsent(g.featureCode(), k -> new java.util.ArrayList<>()).add(g));
        return byFeature.entrySet().stream()
                .map(e -> EntitlementDecision.of(e.getValue().getFirst().customerId(), e.getKey(), e.getValue())).toList();
    }

    @Transactional(readOnly = true)
    public List<EntitlementDecision> ofSubscription(String subscriptionIdOrExternalId) {
        var s = subscriptions.find(TenantContext.require(), subscriptionIdOrExternalId, false)
                .orElseThrow(() -> ApiException.notFound("subscription", subscriptionIdOrExternalId));
        return entitlements.ofSubscription(s.tenantId(), s.id()).stream()
                .map(row -> EntitlementDecision.of(s.customerId(), row.featureCode(), List.of(row))).toList();
    }

    private String requireCustomer(String customerIdOrExternalId) {
        return customers.find(customerIdOrExternalId).orElseThrow(() -> ApiException.notFound("customer", customerIdOrExternalId)).id();
    }
}
