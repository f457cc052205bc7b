package io.billstream.subscription;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.subscription.db.Entitlements;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subscription module's door for usage metering: which limit grants a metric counts towards,
 * and where the recounted {@code used} goes. The entitlement check reads that column and nothing else.
 */
@Service
public class EntitlementUsage {

    /**
     * One limit counted by a metric. The usage window is {@code [periodStart, resetsAt)} for a
     * per-period limit, and from {@code subscriptionStart} on for one that never resets.
     */
    public record MeteredLimit(String subscriptionId, String customerId, String featureCode, BigDecimal limit, boolean perPeriod,
                               Instant periodStart, Instant resetsAt, Instant subscriptionStart, String testClockId,
                               List<BigDecimal> alertThresholds) {

        /** The instant the window starts, which also names the period an alert belongs to. */
        public Instant windowStart() {
            return perPeriod ? periodStart : subscriptionStart;
        }
    }

    private final Entitlements entitlements;

    EntitlementUsage(Entitlements entitlements) {
        this.entitlements = entitlements;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public List<MeteredLimit> limitsCounting(String subscriptionId, String metricCode) {
        return entitlements.meteredLimits(TenantContext.require(), subscriptionId, metricCode).stream()
                .map(row -> new MeteredLimit(row.subscriptionId(), row.customerId(), row.featureCode(), row.limit(),
                        "period".equals(row.reset()), row.periodStart(), row.resetsAt(), row.subscriptionStart(), row.testClockId(),
                        row.alertThresholds()))
                .toList();
    }

    /** Stores the recount; false when the grant has moved to another period since it was read. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordUsed(MeteredLimit limit, BigDecimal used, Instant now) {
        return entitlements.recordUsed(TenantContext.require(), limit.subscriptionId(), limit.featureCode(),
                limit.perPeriod() ? limit.periodStart() : null, used, now);
    }
}
