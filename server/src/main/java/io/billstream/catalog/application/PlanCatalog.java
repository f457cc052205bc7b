package io.billstream.catalog.application;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.billstream.catalog.db.BillableMetrics;
import io.billstream.catalog.db.Plans;
import io.billstream.catalog.domain.Feature;
import io.billstream.catalog.domain.Plan;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.events.BillingEventLog;
import io.billstream.events.EventSubjects;
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
 * The tenant's plans. Terms are versioned: a change to a version no subscription has used rewrites
 * it; once a subscription uses a version, a change makes the next version, and existing
 * subscriptions keep theirs until they are moved explicitly (change-plan to the same plan).
 */
@Service
@NamedInterface("plans")
public class PlanCatalog {

    static final String CREATED = "plan.created";
    static final String UPDATED = "plan.updated";

    private final Plans plans;
    private final BillableMetrics metrics;
    private final BillingEventLog events;
    private final AuditLog audit;
    private final Clock clock;

    PlanCatalog(Plans plans, BillableMetrics metrics, BillingEventLog events, AuditLog audit, Clock clock) {
        this.plans = plans;
        this.metrics = metrics;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public PlanView create(PlanSpec spec) {
        String tenantId = TenantContext.require();
        Instant now = clock.instant();
        Plan plan = new Plan(Ids.next("plan"), tenantId, spec.code(), spec.name(), spec.description(), 1, now, now, null);
        PlanTerms terms = PlanTermsJson.parse(spec, code -> metrics.existsActive(tenantId, code));
        if (plans.find(tenantId, plan.code(), false).isPresent()) {
            throw codeTaken(plan.code());
        }
        PlanVersion version = new PlanVersion(Ids.next("pv"), tenantId, plan.id(), plan.code(), 1, terms, false, now);
        try {
            plans.insert(plan);
        } catch (DuplicateKeyException raced) {
            throw codeTaken(plan.code());
        }
        PlanView view = PlanView.of(plan, version);
        plans.insertVersion(version, view);
        events.append(CREATED, EventSubjects.none(), view, null);
        audit.record("plan.create", "plan", plan.id(), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public PlanView get(String idOrCode) {
        Plan plan = load(idOrCode, false);
        return PlanView.of(plan, currentVersion(plan, false));
    }

    @Transactional(readOnly = true)
    public ListPage<PlanView> list(boolean includeArchived, PageRequest page) {
        String tenantId = TenantContext.require();
        return ListPage.of(plans.list(tenantId, includeArchived, page), page, Plan::id,
                plan -> PlanView.of(plan, currentVersion(plan, false)));
    }

    @Transactional(readOnly = true)
    public List<PlanView> versions(String idOrCode) {
        Plan plan = load(idOrCode, false);
        return plans.versions(plan.tenantId(), plan.id()).stream().map(v -> PlanView.of(plan, v)).toList();
    }

    @Transactional(readOnly = true)
    public PlanView version(String idOrCode, int version) {
        Plan plan = load(idOrCode, false);
        return plans.findVersion(plan.tenantId(), plan.id(), version, false).map(v -> PlanView.of(plan, v))
                .orElseThrow(() -> ApiException.notFound("plan_version", plan.code() + " v" + version));
    }

    /** Fields left null keep their current value; {@code code} cannot change. */
    @Transactional
    public PlanView update(String idOrCode, PlanSpec patch) {
        Plan current = load(idOrCode, true);
        current.requireActive();
        if (patch.code() != null && !patch.code().equals(current.code())) {
            throw ApiException.invalid("code", "A plan's code cannot change; create a new plan instead");
        }
        PlanVersion currentVersion = currentVersion(current, true);
        PlanView before = PlanView.of(current, currentVersion);
        PlanSpec merged = merge(patch, before);
        String tenantId = current.tenantId();
        // A metric archived since the current version was written must not block renaming or repricing
        // the plan: archiving refuses only new charges, and existing versions keep pricing it.
        Set<String> metricsInUse = metricCodes(currentVersion.terms());
        PlanTerms terms = PlanTermsJson.parse(merged, code -> metricsInUse.contains(code) || metrics.existsActive(tenantId, code));
        Instant now = clock.instant();
        Plan described = current.describe(merged.name(), merged.description(), now);
        var proposed = new PlanVersion(currentVersion.id(), tenantId, current.id(), current.code(), currentVersion.version(), terms,
                currentVersion.inUse(), currentVersion.createdAt());
        boolean termsChanged = !sameTerms(PlanView.of(current, currentVersion), PlanView.of(current, proposed));
        Plan updated = described;
        PlanVersion effective = currentVersion;
        if (termsChanged && currentVersion.inUse()) {
            int next = current.currentVersion() + 1;
            effective = new PlanVersion(Ids.next("pv"), tenantId, current.id(), current.code(), next, terms, false, now);
            updated = described.withVersion(next, now);
            plans.insertVersion(effective, PlanView.of(updated, effective));
        } else if (termsChanged) {
            effective = proposed;
            plans.replaceUnusedVersion(effective, PlanView.of(updated, effective));
        }
        if (!termsChanged && Objects.equals(current.name(), described.name())
                && Objects.equals(current.description(), described.description())) {
            return before;
        }
        plans.update(updated);
        PlanView after = PlanView.of(updated, effective);
        events.appendChange(UPDATED, EventSubjects.none(), before, after);
        audit.record("plan.update", "plan", current.id(), before, after);
        return after;
    }

    /** Archived plans take no new subscriptions; existing ones continue on their version. */
    @Transactional
    public PlanView archive(String idOrCode) {
        Plan current = load(idOrCode, true);
        Plan archived = current.archive(clock.instant());
        PlanVersion version = currentVersion(current, false);
        if (archived != current) {
            plans.update(archived);
            events.appendChange(UPDATED, EventSubjects.none(), PlanView.of(current, version), PlanView.of(archived, version));
            audit.record("plan.archive", "plan", current.id(), PlanView.of(current, version), PlanView.of(archived, version));
        }
        return PlanView.of(archived, version);
    }

    /**
     * The current version of an active plan, for a new subscription or a plan change, marked as in
     * use so that its terms never change under the subscription. Must run in the caller's transaction.
     */
    @Transactional
    public PlanVersion subscribe(String idOrCode, String field) {
        Plan plan = plans.find(TenantContext.require(), idOrCode, false)
                .orElseThrow(() -> ApiException.invalid(field, "No plan '" + idOrCode + "' in this tenant"));
        if (plan.archivedAt() != null) {
            throw ApiException.invalid(field, "Plan '" + plan.code() + "' is archived and takes no new subscriptions");
        }
        PlanVersion version = currentVersion(plan, true);
        plans.markInUse(plan.tenantId(), version.id());
        return version;
    }

    @Transactional(readOnly = true)
    public java.util.Optional<String> findId(String idOrCode) {
        return plans.find(TenantContext.require(), idOrCode, false).map(Plan::id);
    }

    /** A version by its ID, as a subscription refers to it. */
    @Transactional(readOnly = true)
    public PlanVersion versionById(String versionId) {
        return plans.findVersionById(TenantContext.require(), versionId)
                .orElseThrow(() -> new IllegalStateException("Plan version " + versionId + " is missing"));
    }

    private PlanVersion currentVersion(Plan plan, boolean forUpdate) {
        return plans.findVersion(plan.tenantId(), plan.id(), plan.currentVersion(), forUpdate)
                .orElseThrow(() -> new IllegalStateException("Plan " + plan.id() + " has no version " + plan.currentVersion()));
    }

    private static Set<String> metricCodes(PlanTerms terms) {
        Set<String> codes = new HashSet<>();
        terms.charges().forEach(charge -> codes.add(charge.metricCode()));
        terms.features().stream().map(Feature::metricCode).filter(Objects::nonNull).forEach(codes::add);
        return codes;
    }

    private static boolean sameTerms(PlanView a, PlanView b) {
        return a.interval().equals(b.interval()) && a.intervalCount() == b.intervalCount() && a.currency().equals(b.currency())
                && a.amountMinor() == b.amountMinor() && a.feeTiming().equals(b.feeTiming()) && a.trialDays() == b.trialDays()
                && a.charges().equals(b.charges()) && a.recurringItems().equals(b.recurringItems())
                && a.oneTimeItems().equals(b.oneTimeItems()) && a.features().equals(b.features());
    }

    private static PlanSpec merge(PlanSpec patch, PlanView current) {
        return new PlanSpec(current.code(), patch.name() != null ? patch.name() : current.name(),
                patch.description() != null ? patch.description() : current.description(),
                patch.interval() != null ? patch.interval() : current.interval(),
                patch.intervalCount() != null ? patch.intervalCount() : current.intervalCount(),
                patch.currency() != null ? patch.currency() : current.currency(),
                patch.amountMinor() != null ? patch.amountMinor() : current.amountMinor(),
                patch.feeTiming() != null ? patch.feeTiming() : current.feeTiming(),
                patch.trialDays() != null ? patch.trialDays() : current.trialDays(),
                patch.charges() != null ? patch.charges() : current.charges().stream()
                        .map(c -> new PlanSpec.ChargeSpec(c.metricCode(), c.chargeModel(), c.properties(), decimal(c.minAmount())))
                        .toList(),
                patch.recurringItems() != null ? patch.recurringItems() : current.recurringItems().stream()
                        .map(i -> new PlanSpec.RecurringItemSpec(i.code(), i.name(), decimal(i.unitPrice()), i.defaultQuantity()))
                        .toList(),
                patch.oneTimeItems() != null ? patch.oneTimeItems() : current.oneTimeItems().stream()
                        .map(i -> new PlanSpec.OneTimeItemSpec(i.code(), i.name(), decimal(i.unitPrice()), i.quantity())).toList(),
                patch.features() != null ? patch.features() : current.features().stream()
                        .map(f -> new PlanSpec.FeatureSpec(f.code(), f.type(), f.enabled(), decimal(f.limit()), f.reset(), f.metricCode(),
                                f.alertThresholds().stream().map(PlanCatalog::decimal).toList()))
                        .toList());
    }

    private static java.math.BigDecimal decimal(String value) {
        return value == null ? null : new java.math.BigDecimal(value);
    }

    private Plan load(String idOrCode, boolean forUpdate) {
        return plans.find(TenantContext.require(), idOrCode, forUpdate).orElseThrow(() -> ApiException.notFound("plan", idOrCode));
    }

    private static ApiException codeTaken(String code) {
        return ApiException.conflict("code_taken", "code", "Another plan already has code '" + code + "'");
    }
}
