package io.billstream.usage.application;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.billstream.catalog.application.MetricCatalog;
import io.billstream.catalog.application.PlanCatalog;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.Feature;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Component;

/**
 * The catalog as ingestion reads it on every event, cached: metric definitions for a short time
 * (what a metric counts never changes, only whether it is archived), and what each plan version
 * meters for good (a version's terms never change).
 */
@Component
class MeteringCatalog {

    /** The metrics a plan version prices with usage charges and those its limit features count. */
    record VersionMeters(Set<String> charged, Set<String> limited) {

        boolean meters(String metricCode) {
            return charged.contains(metricCode) || limited.contains(metricCode);
        }
    }

    private record MetricKey(String tenantId, String code) {
    }

    private static final int MAX_ENTRIES = 20_000;

    private final MetricCatalog metrics;
    private final PlanCatalog plans;
    private final Cache<MetricKey, BillableMetric> metricCache;
    private final Cache<String, VersionMeters> versionCache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

    MeteringCatalog(MetricCatalog metrics, PlanCatalog plans, UsageProperties properties) {
        this.metrics = metrics;
        this.plans = plans;
        this.metricCache = Caffeine.newBuilder().expireAfterWrite(properties.catalogCacheTtl()).maximumSize(MAX_ENTRIES).build();
    }

    /** The metric with this code in the current tenant; unknown codes are not cached, so a new metric counts at once. */
    Optional<BillableMetric> metric(String code) {
        MetricKey key = new MetricKey(TenantContext.require(), code);
        BillableMetric cached = metricCache.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<BillableMetric> found = metrics.definition(code);
        found.ifPresent(metric -> metricCache.put(key, metric));
        return found;
    }

    VersionMeters meters(String planVersionId) {
        return versionCache.get(planVersionId, id -> {
            PlanTerms terms = plans.versionById(id).terms();
            Set<String> charged = new HashSet<>();
            terms.charges().forEach(charge -> charged.add(charge.metricCode()));
            Set<String> limited = new HashSet<>();
            terms.features().stream().filter(f -> f.type() == Feature.Type.LIMIT && f.metricCode() != null)
                    .forEach(f -> limited.add(f.metricCode()));
            return new VersionMeters(Set.copyOf(charged), Set.copyOf(limited));
        });
    }
}
