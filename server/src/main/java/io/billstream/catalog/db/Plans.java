package io.billstream.catalog.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.billstream.catalog.application.PlanSpec;
import io.billstream.catalog.application.PlanTermsJson;
import io.billstream.catalog.application.PlanView;
import io.billstream.catalog.domain.Plan;
import io.billstream.catalog.domain.PlanTerms;
import io.billstream.catalog.domain.PlanVersion;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Plan rows and their version rows. Terms are stored in the API's own shape and re-validated on read. */
@Repository
public class Plans {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Plans(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Plan plan) {
        jdbc.sql("""
                INSERT INTO plans (id, tenant_id, code, name, description, current_version, created_at, updated_at, archived_at)
                VALUES (:id, :tenant, :code, :name, :description, :version, :createdAt, :updatedAt, :archivedAt)
                """).params(params(plan)).update();
    }

    public void update(Plan plan) {
        jdbc.sql("""
                UPDATE plans SET name = :name, description = :description, current_version = :version,
                    updated_at = :updatedAt, archived_at = :archivedAt
                WHERE tenant_id = :tenant AND id = :id
                """).params(params(plan)).update();
    }

    /** By ID ({@code plan_...}) or code. */
    public Optional<Plan> find(String tenantId, String idOrCode, boolean forUpdate) {
        String column = idOrCode.startsWith("plan_") ? "id" : "code";
        return jdbc.sql("SELECT * FROM plans WHERE tenant_id = :tenant AND " + column + " = :key" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("key", idOrCode).query(Plans::mapPlan).optional();
    }

    public List<Plan> list(String tenantId, boolean includeArchived, PageRequest page) {
        return jdbc.sql("SELECT * FROM plans WHERE tenant_id = :tenant" + (includeArchived ? "" : " AND archived_at IS NULL")
                        + " AND (CAST(:after AS text) IS NULL OR id < :after) ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("after", page.after()).param("limit", page.fetchSize())
                .query(Plans::mapPlan).list();
    }

    public void insertVersion(PlanVersion version, PlanView terms) {
        jdbc.sql("""
                INSERT INTO plan_versions (id, tenant_id, plan_id, version, interval_unit, interval_count, currency, base_fee_minor,
                    fee_timing, trial_days, charges, recurring_items, one_time_items, features, in_use, created_at)
                VALUES (:id, :tenant, :plan, :version, :unit, :count, :currency, :fee, :timing, :trialDays,
                    CAST(:charges AS jsonb), CAST(:recurring AS jsonb), CAST(:oneTime AS jsonb), CAST(:features AS jsonb),
                    :inUse, :createdAt)
                """)
                .params(versionParams(version, terms)).update();
    }

    /** Rewrites a version nobody uses yet (a price change before the first subscriber makes no new version). */
    public void replaceUnusedVersion(PlanVersion version, PlanView terms) {
        int updated = jdbc.sql("""
                UPDATE plan_versions SET interval_unit = :unit, interval_count = :count, currency = :currency,
                    base_fee_minor = :fee, fee_timing = :timing, trial_days = :trialDays, charges = CAST(:charges AS jsonb),
                    recurring_items = CAST(:recurring AS jsonb), one_time_items = CAST(:oneTime AS jsonb),
                    features = CAST(:features AS jsonb)
                WHERE tenant_id = :tenant AND id = :id AND NOT in_use
                """).params(versionParams(version, terms)).update();
        if (updated != 1) {
            throw new IllegalStateException("Plan version " + version.id() + " is in use and cannot be rewritten");
        }
    }

    /** Marks a version as used by a subscription; from then on its terms never change. */
    public void markInUse(String tenantId, String versionId) {
        jdbc.sql("UPDATE plan_versions SET in_use = true WHERE tenant_id = :tenant AND id = :id AND NOT in_use")
                .param("tenant", tenantId).param("id", versionId).update();
    }

    public Optional<PlanVersion> findVersion(String tenantId, String planId, int version, boolean forUpdate) {
        return jdbc.sql("SELECT v.*, p.code AS plan_code FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
                        + " WHERE v.tenant_id = :tenant AND v.plan_id = :plan AND v.version = :version"
                        + (forUpdate ? " FOR UPDATE OF v" : ""))
                .param("tenant", tenantId).param("plan", planId).param("version", version)
                .query(this::mapVersion).optional();
    }

    public Optional<PlanVersion> findVersionById(String tenantId, String versionId) {
        return jdbc.sql("SELECT v.*, p.code AS plan_code FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
                        + " WHERE v.tenant_id = :tenant AND v.id = :id")
                .param("tenant", tenantId).param("id", versionId).query(this::mapVersion).optional();
    }

    public List<PlanVersion> versions(String tenantId, String planId) {
        return jdbc.sql("SELECT v.*, p.code AS plan_code FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
                        + " WHERE v.tenant_id = :tenant AND v.plan_id = :plan ORDER BY v.version DESC")
                .param("tenant", tenantId).param("plan", planId).query(this::mapVersion).list();
    }

    private java.util.Map<String, Object> versionParams(PlanVersion version, PlanView terms) {
        PlanTerms t = version.terms();
        var map = new java.util.HashMap<String, Object>();
        map.put("id", version.id());
        map.put("tenant", version.tenantId());
        map.put("plan", version.planId());
        map.put("version", version.version());
        map.put("unit", t.interval().unit().code());
        map.put("count", t.interval().count());
        map.put("currency", t.currency().getCurrencyCode());
        map.put("fee", t.baseFeeMinor());
        map.put("timing", t.feeTiming().apiName());
        map.put("trialDays", t.trialDays());
        map.put("charges", json.writeValueAsString(terms.charges()));
        map.put("recurring", json.writeValueAsString(terms.recurringItems()));
        map.put("oneTime", json.writeValueAsString(terms.oneTimeItems()));
        map.put("features", json.writeValueAsString(terms.features()));
        map.put("inUse", version.inUse());
        map.put("createdAt", Rows.timestamp(version.createdAt()));
        return map;
    }

    private PlanVersion mapVersion(ResultSet rs, int row) throws SQLException {
        var spec = new PlanSpec(null, null, null, rs.getString("interval_unit"), rs.getInt("interval_count"),
                rs.getString("currency"), rs.getLong("base_fee_minor"), rs.getString("fee_timing"), rs.getInt("trial_days"),
                json.readValue(rs.getString("charges"), new TypeReference<List<PlanSpec.ChargeSpec>>() { }),
                json.readValue(rs.getString("recurring_items"), new TypeReference<List<PlanSpec.RecurringItemSpec>>() { }),
                json.readValue(rs.getString("one_time_items"), new TypeReference<List<PlanSpec.OneTimeItemSpec>>() { }),
                json.readValue(rs.getString("features"), new TypeReference<List<PlanSpec.FeatureSpec>>() { }));
        // Stored terms were validated when written; metrics archived since must not make them unreadable.
        PlanTerms terms = PlanTermsJson.parse(spec, code -> true);
        return new PlanVersion(rs.getString("id"), rs.getString("tenant_id"), rs.getString("plan_id"), rs.getString("plan_code"),
                rs.getInt("version"), terms, rs.getBoolean("in_use"), Rows.instant(rs, "created_at"));
    }

    private static java.util.Map<String, Object> params(Plan plan) {
        var map = new java.util.HashMap<String, Object>();
        map.put("id", plan.id());
        map.put("tenant", plan.tenantId());
        map.put("code", plan.code());
        map.put("name", plan.name());
        map.put("description", plan.description());
        map.put("version", plan.currentVersion());
        map.put("createdAt", Rows.timestamp(plan.createdAt()));
        map.put("updatedAt", Rows.timestamp(plan.updatedAt()));
        map.put("archivedAt", Rows.timestamp(plan.archivedAt()));
        return map;
    }

    private static Plan mapPlan(ResultSet rs, int row) throws SQLException {
        return new Plan(rs.getString("id"), rs.getString("tenant_id"), rs.getString("code"), rs.getString("name"),
                rs.getString("description"), rs.getInt("current_version"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"), Rows.instant(rs, "archived_at"));
    }
}
