package io.billstream.platform.clock;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Test clock rows. */
@Repository
public class TestClocks {

    private final JdbcClient jdbc;

    TestClocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TestClock clock) {
        jdbc.sql("""
                INSERT INTO test_clocks (id, tenant_id, name, frozen_time, status, advance_to, created_at, updated_at)
                VALUES (:id, :tenant, :name, :frozen, :status, :advanceTo, :createdAt, :updatedAt)
                """).params(params(clock)).update();
    }

    void update(TestClock clock) {
        jdbc.sql("""
                UPDATE test_clocks SET frozen_time = :frozen, status = :status, advance_to = :advanceTo, updated_at = :updatedAt
                WHERE tenant_id = :tenant AND id = :id
                """).params(params(clock)).update();
    }

    void delete(String tenantId, String id) {
        jdbc.sql("DELETE FROM test_clocks WHERE tenant_id = :tenant AND id = :id").param("tenant", tenantId).param("id", id).update();
    }

    public Optional<TestClock> find(String tenantId, String id) {
        return find(tenantId, id, false);
    }

    Optional<TestClock> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM test_clocks WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id).query(TestClocks::map).optional();
    }

    List<TestClock> list(String tenantId, PageRequest page) {
        return jdbc.sql("SELECT * FROM test_clocks WHERE tenant_id = :tenant AND (CAST(:after AS text) IS NULL OR id < :after)"
                        + " ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("after", page.after()).param("limit", page.fetchSize())
                .query(TestClocks::map).list();
    }

    /** Clocks waiting to be advanced, across tenants (the scheduler's question). */
    record Advancing(String tenantId, String id) {
    }

    List<Advancing> advancing() {
        return jdbc.sql("SELECT tenant_id, id FROM advancing_test_clocks()")
                .query((rs, n) -> new Advancing(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    private static java.util.Map<String, Object> params(TestClock clock) {
        var map = new java.util.HashMap<String, Object>();
        map.put("id", clock.id());
        map.put("tenant", clock.tenantId());
        map.put("name", clock.name());
        map.put("frozen", Rows.timestamp(clock.frozenTime()));
        map.put("status", clock.status().apiName());
        map.put("advanceTo", Rows.timestamp(clock.advanceTo()));
        map.put("createdAt", Rows.timestamp(clock.createdAt()));
        map.put("updatedAt", Rows.timestamp(clock.updatedAt()));
        return map;
    }

    private static TestClock map(ResultSet rs, int row) throws SQLException {
        return new TestClock(rs.getString("id"), rs.getString("tenant_id"), rs.getString("name"), Rows.instant(rs, "frozen_time"),
                TestClock.Status.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)), Rows.instant(rs, "advance_to"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }

    Instant frozenTime(String tenantId, String id) {
        return jdbc.sql("SELECT frozen_time FROM test_clocks WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).query((rs, n) -> Rows.instant(rs, "frozen_time")).single();
    }
}
