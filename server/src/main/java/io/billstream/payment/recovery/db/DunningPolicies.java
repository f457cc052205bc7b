package io.billstream.payment.recovery.db;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.billstream.payment.recovery.domain.DunningPolicy;
import io.billstream.payment.recovery.domain.FinalAction;
import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dunning_policies table: one row per tenant that changed the defaults. */
@Repository
public class DunningPolicies {

    /** A tenant's stored policy and when it was last changed. */
    public record Stored(DunningPolicy policy, Instant updatedAt) {
    }

    private final JdbcClient jdbc;

    DunningPolicies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Stored> find(String tenantId, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM dunning_policies WHERE tenant_id = :tenant" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId)
                .query((rs, n) -> {
                    int restrict = rs.getInt("restrict_after_days");
                    Integer restrictAfter = rs.wasNull() ? null : restrict;
                    return new Stored(new DunningPolicy(integers(rs.getArray("retry_days")), restrictAfter,
                            FinalAction.parse(rs.getString("final_action"), "final_action")), Rows.instant(rs, "updated_at"));
                })
                .optional();
    }

    public void save(String tenantId, DunningPolicy policy, Instant now) {
        jdbc.sql("""
                INSERT INTO dunning_policies (tenant_id, retry_days, restrict_after_days, final_action, updated_at)
                VALUES (:tenant, CAST(:retryDays AS integer[]), :restrictAfter, :finalAction, :now)
                ON CONFLICT (tenant_id) DO UPDATE SET retry_days = EXCLUDED.retry_days,
                    restrict_after_days = EXCLUDED.restrict_after_days, final_action = EXCLUDED.final_action,
                    updated_at = EXCLUDED.updated_at
                """)
                .param("tenant", tenantId).param("retryDays", policy.retryDays().toArray(Integer[]::new))
                .param("restrictAfter", policy.restrictAfterDays()).param("finalAction", policy.finalAction().apiName())
                .param("now", Rows.timestamp(now))
                .update();
    }

    private static List<Integer> integers(Array array) throws SQLException {
        List<Integer> values = new ArrayList<>();
        for (Object value : (Object[]) array.getArray()) {
            values.add(((Number) value).intValue());
        }
        return values;
    }
}
