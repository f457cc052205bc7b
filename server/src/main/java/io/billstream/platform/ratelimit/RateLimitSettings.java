package io.billstream.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.tenancy.TenantManagement;
import io.billstream.platform.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Which limits apply to a tenant: its own, where the operator set them, else the installation's. */
@Service
public class RateLimitSettings {

    static final int MAX_QUOTA = 1_000_000;
    static final int MAX_WINDOW_SECONDS = 86_400;

    /** The limits that apply to one tenant's credentials. */
    record Effective(RateLimitPolicy ingestion, RateLimitPolicy rest, boolean ownIngestion, boolean ownRest,
                     java.time.Instant updatedAt) {
    }

    /** A limit as the operator sets it; null for the installation's default. */
    public record LimitChange(Integer quota, Integer windowSeconds) {
    }

    private final TenantRateLimits rows;
    private final RateLimitProperties properties;
    private final TenantManagement tenants;
    private final AuditLog audit;
    private final Clock clock;
    private final Cache<String, Effective> cache;

    RateLimitSettings(TenantRateLimits rows, RateLimitProperties properties, TenantManagement tenants, AuditLog audit, Clock clock) {
        this.rows = rows;
        this.properties = properties;
        this.tenants = tenants;
        this.audit = audit;
        this.clock = clock;
        Duration ttl = properties.tenantLimitsCacheTtl();
        this.cache = ttl.isZero() ? null : Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /** Read on every request, so cached; a change made on this instance applies at once, elsewhere within the cache's TTL. */
    Effective forTenant(String tenantId) {
        return cache == null ? load(tenantId) : cache.get(tenantId, this::load);
    }

    @Transactional(readOnly = true)
    public RateLimitsView view(String tenantId) {
        return view(tenantId, load(tenantId));
    }

    /** The operator sets a tenant's limits (both at once; a null limit goes back to the installation's). */
    @Transactional
    public RateLimitsView set(String tenantId, LimitChange ingestion, LimitChange rest) {
        String operator = requireOperator();
        if (!rows.tenantExists(tenantId)) {
            throw ApiException.notFound("tenant", tenantId);
        }
        TenantRateLimits.Row changed = new TenantRateLimits.Row(tenantId, policy(RateLimitPolicy.INGESTION, ingestion, "ingestion"),
                policy(RateLimitPolicy.REST, rest, "rest"), clock.instant());
        rows.scopeTransactionTo(tenantId);
        RateLimitsView before = view(tenantId, load(tenantId));
        rows.save(changed);
        RateLimitsView after = view(tenantId, load(tenantId));
        // The change is the operator's act: audited in the operator's log.
        rows.scopeTransactionTo(operator);
        audit.record("tenant.rate_limits.update", "tenant", tenantId, before, after);
        evictAfterCommit(tenantId);
        return after;
    }

    @Transactional(readOnly = true)
    public RateLimitsView viewAsOperator(String tenantId) {
        requireOperator();
        if (!rows.tenantExists(tenantId)) {
            throw ApiException.notFound("tenant", tenantId);
        }
        rows.scopeTransactionTo(tenantId);
        return view(tenantId, load(tenantId));
    }

    private Effective load(String tenantId) {
        TenantRateLimits.Row own = rows.find(tenantId).orElse(null);
        RateLimitPolicy ingestion = own != null && own.ingestion() != null ? own.ingestion() : properties.ingestion();
        RateLimitPolicy rest = own != null && own.rest() != null ? own.rest() : properties.rest();
        return new Effective(ingestion, rest, own != null && own.ingestion() != null, own != null && own.rest() != null,
                own == null ? null : own.updatedAt());
    }

    private static RateLimitsView view(String tenantId, Effective effective) {
        return new RateLimitsView("rate_limits", tenantId, RateLimitsView.Limit.of(effective.ingestion(), effective.ownIngestion()),
                RateLimitsView.Limit.of(effective.rest(), effective.ownRest()), effective.updatedAt());
    }

    private static RateLimitPolicy policy(String name, LimitChange change, String param) {
        if (change == null) {
            return null;
        }
        if (change.quota() == null || change.quota() < 1 || change.quota() > MAX_QUOTA) {
            throw ApiException.invalid(param + ".quota", param + ".quota must be between 1 and " + MAX_QUOTA);
        }
        int window = change.windowSeconds() == null ? 1 : change.windowSeconds();
        if (window < 1 || window > MAX_WINDOW_SECONDS) {
            throw ApiException.invalid(param + ".window_seconds", param + ".window_seconds must be between 1 and " + MAX_WINDOW_SECONDS);
        }
        return new RateLimitPolicy(name, change.quota(), Duration.ofSeconds(window));
    }

    /** The operator tenant's ID, if the caller acts for it. */
    private String requireOperator() {
        var caller = tenants.current();
        if (!caller.operator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "operator_only", null, "Only the operator tenant's admins can set rate limits");
        }
        return caller.id();
    }

    private void evictAfterCommit(String tenantId) {
        if (cache == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.invalidate(tenantId);
                }
            });
        } else {
            cache.invalidate(tenantId);
        }
    }
}
