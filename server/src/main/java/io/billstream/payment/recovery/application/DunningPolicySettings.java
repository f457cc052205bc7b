package io.billstream.payment.recovery.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.billstream.payment.recovery.db.DunningPolicies;
import io.billstream.payment.recovery.domain.DunningPolicy;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's dunning policy: its row, or the defaults while it has none. A failure copies the
 * policy when it begins, so a change applies to failures that begin afterwards.
 */
@Service
public class DunningPolicySettings {

    private final DunningPolicies policies;
    private final AuditLog audit;
    private final Clock clock;

    DunningPolicySettings(DunningPolicies policies, AuditLog audit, Clock clock) {
        this.policies = policies;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public DunningPolicy current() {
        return policies.find(TenantContext.require(), false).map(DunningPolicies.Stored::policy).orElse(DunningPolicy.DEFAULT);
    }

    @Transactional(readOnly = true)
    public DunningPolicyView view() {
        return policies.find(TenantContext.require(), false).map(s -> DunningPolicyView.of(s.policy(), s.updatedAt()))
                .orElseGet(() -> DunningPolicyView.of(DunningPolicy.DEFAULT, null));
    }

    /** Replaces the policy; an unchanged policy is not written (nor audited) again. */
    @Transactional
    public DunningPolicyView replace(DunningPolicy policy) {
        String tenantId = TenantContext.require();
        Optional<DunningPolicies.Stored> stored = policies.find(tenantId, true);
        DunningPolicyView before = stored.map(s -> DunningPolicyView.of(s.policy(), s.updatedAt()))
                .orElseGet(() -> DunningPolicyView.of(DunningPolicy.DEFAULT, null));
        if (stored.isPresent() && stored.get().policy().equals(policy)) {
            return before;
        }
        Instant now = clock.instant();
        policies.save(tenantId, policy, now);
        DunningPolicyView after = DunningPolicyView.of(policy, now);
        audit.record("dunning_policy.update", "dunning_policy", tenantId, before, after);
        return after;
    }
}
