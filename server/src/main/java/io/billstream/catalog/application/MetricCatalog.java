package io.billstream.catalog.application;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.db.BillableMetrics;
import io.billstream.catalog.domain.Aggregation;
import io.billstream.catalog.domain.BillableMetric;
import io.billstream.catalog.domain.PropertyFilter;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Defining billable metrics. What a metric counts (aggregation, property, filters, grouping) is
 * fixed at creation: usage already billed must keep meaning what it meant. Name and description
 * can change; a metric no longer wanted is archived.
 */
@Service
@NamedInterface("metrics")
public class MetricCatalog {

    public record NewMetric(String code, String name, String description, String aggregation, String fieldName,
                            List<PropertyFilter> filters, List<String> groupBy) {
    }

    private final BillableMetrics metrics;
    private final AuditLog audit;
    private final Clock clock;

    MetricCatalog(BillableMetrics metrics, AuditLog audit, Clock clock) {
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public MetricView define(NewMetric request) {
        String tenantId = TenantContext.require();
        var now = clock.instant();
        var metric = new BillableMetric(Ids.next("bm"), tenantId, request.code(), request.name(), request.description(),
                Aggregation.parse(request.aggregation(), "aggregation"), request.fieldName(), request.filters(), request.groupBy(),
                now, now, null);
        if (metrics.find(tenantId, metric.code(), false).isPresent()) {
            throw codeTaken(metric.code());
        }
        try {
            metrics.insert(metric);
        } catch (DuplicateKeyException raced) {
            throw codeTaken(metric.code());
        }
        MetricView view = MetricView.of(metric);
        audit.record("billable_metric.create", "billable_metric", metric.id(), null, view);
        return view;
    }

    /** The metric with this code (archived ones included), as usage metering reads it. */
    @Transactional(readOnly = true)
    public Optional<BillableMetric> definition(String code) {
        return code.startsWith("bm_") ? Optional.empty() : metrics.find(TenantContext.require(), code, false);
    }

    @Transactional(readOnly = true)
    public MetricView get(String idOrCode) {
        return MetricView.of(load(idOrCode, false));
    }

    @Transactional(readOnly = true)
    public ListPage<MetricView> list(boolean includeArchived, PageRequest page) {
        return ListPage.of(metrics.list(TenantContext.require(), includeArchived, page), page, BillableMetric::id, MetricView::of);
    }

    @Transactional
    public MetricView rename(String idOrCode, String name, String description) {
        BillableMetric current = load(idOrCode, true);
        BillableMetric renamed = current.rename(name == null ? current.name() : name,
                description == null ? current.description() : description, clock.instant());
        metrics.update(renamed);
        audit.record("billable_metric.update", "billable_metric", renamed.id(), MetricView.of(current), MetricView.of(renamed));
        return MetricView.of(renamed);
    }

    /** Archived metrics accept no new charges; plan versions that price them keep working. */
    @Transactional
    public MetricView archive(String idOrCode) {
        BillableMetric current = load(idOrCode, true);
        BillableMetric archived = current.archive(clock.instant());
        if (archived != current) {
            metrics.update(archived);
            audit.record("billable_metric.archive", "billable_metric", archived.id(), MetricView.of(current), MetricView.of(archived));
        }
        return MetricView.of(archived);
    }

    private BillableMetric load(String idOrCode, boolean forUpdate) {
        return metrics.find(TenantContext.require(), idOrCode, forUpdate)
                .orElseThrow(() -> ApiException.notFound("billable_metric", idOrCode));
    }

    private static ApiException codeTaken(String code) {
        return ApiException.conflict("code_taken", "code", "Another billable metric already has code '" + code + "'");
    }
}
