package io.billstream.platform.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit hash chain: intact chains verify, and every kind of tampering the database owner can do
 * (with the append-only trigger switched off) is reported at the row where it happened.
 */
class AuditChainIntegrationTest extends IntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Test
    void an_untouched_chain_verifies_and_reports_its_head() {
        var tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            createCustomer(tenant.adminKey(), "{\"name\":\"Customer " + i + "\",\"email\":\"c" + i + "@example.com\"}");
        }

        JsonNode result = verify(tenant.adminKey());

        long rows = rowCount(tenant.id());
        assertThat(rows).isGreaterThanOrEqualTo(3);
        assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("rows_checked").asLong()).isEqualTo(rows);
        assertThat(result.get("first_invalid").isNull()).isTrue();
        assertThat(result.get("head").get("position").asLong()).isEqualTo(rows);
        assertThat(result.get("head").get("hash").asString()).isEqualTo(owner().sql(
                "SELECT encode(hash, 'hex') FROM audit_logs WHERE tenant_id = ? ORDER BY position DESC LIMIT 1")
                .param(tenant.id()).query(String.class).single());
    }

    @Test
    void an_altered_field_is_reported_at_its_row() throws SQLException {
        var tenant = tenantWithRows(4);
        String target = rowAt(tenant.id(), 2);

        tamper("UPDATE audit_logs SET actor_id = 'key_somebody_else' WHERE id = '" + target + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).isEqualTo(target);
        assertThat(invalid.get("position").asLong()).isEqualTo(2);
        assertThat(invalid.get("reason").asString()).isEqualTo("hash_mismatch");
    }

    @Test
    void altered_changes_are_reported_at_their_row() throws SQLException {
        var tenant = tenantWithRows(4);
        String target = rowAt(tenant.id(), 3);

        tamper("UPDATE audit_logs SET changes = changes || '{\"name\":{\"from\":null,\"to\":\"Forged\"}}' WHERE id = '" + target + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).isEqualTo(target);
        assertThat(invalid.get("reason").asString()).isEqualTo("changes_mismatch");
    }

    @Test
    void a_deleted_row_is_reported_at_the_row_after_the_gap() throws SQLException {
        var tenant = tenantWithRows(4);
        String deleted = rowAt(tenant.id(), 2);
        String next = rowAt(tenant.id(), 3);

        tamper("DELETE FROM audit_logs WHERE id = '" + deleted + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).isEqualTo(next);
        assertThat(invalid.get("reason").asString()).isEqualTo("missing_rows");
    }

    @Test
    void a_deleted_last_row_is_reported_against_the_head() throws SQLException {
        var tenant = tenantWithRows(3);
        long last = rowCount(tenant.id());

        tamper("DELETE FROM audit_logs WHERE id = '" + rowAt(tenant.id(), last) + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").isNull()).isTrue();
        assertThat(invalid.get("position").asLong()).isEqualTo(last);
        assertThat(invalid.get("reason").asString()).isEqualTo("missing_rows");
    }

    @Test
    void a_forged_row_appended_with_a_made_up_hash_is_reported() throws SQLException {
        var tenant = tenantWithRows(3);
        long next = rowCount(tenant.id()) + 1;

        // The forger mimics an append, head included, but cannot produce the hash without the chain's rules.
        tamper("INSERT INTO audit_logs (id, tenant_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, "
                + "changes, position, changes_digest, hash) VALUES ('aud_forged', '" + tenant.id() + "', now(), 'api_key', 'key_x', "
                + "'customer.update', 'customer', 'cus_x', '{}', " + next + ", sha256('{}'), sha256('forged'))",
                "UPDATE tenant_audit_heads SET last_position = " + next + ", last_hash = sha256('forged') WHERE tenant_id = '"
                        + tenant.id() + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).isEqualTo("aud_forged");
        assertThat(invalid.get("reason").asString()).isEqualTo("hash_mismatch");
    }

    @Test
    void a_forged_row_inserted_into_the_middle_is_reported() throws SQLException {
        var tenant = tenantWithRows(4);
        String second = rowAt(tenant.id(), 2);

        // Make room at position 2 by moving every later row up one, then slip a row in whose hash chains
        // correctly from row 1: the row after it (the real second row) no longer chains.
        tamper("DROP INDEX audit_logs_position_idx",
                "UPDATE audit_logs SET position = position + 1 WHERE tenant_id = '" + tenant.id() + "' AND position >= 2",
                "INSERT INTO audit_logs (id, tenant_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, "
                        + "changes, position, changes_digest, hash) SELECT 'aud_forged_mid', tenant_id, occurred_at, 'system', NULL, "
                        + "'customer.archive', 'customer', 'cus_x', '{}', 2, sha256(convert_to('{}', 'UTF8')), "
                        + "audit_row_hash(hash, tenant_id, 2, 'aud_forged_mid', occurred_at, 'system', NULL, 'customer.archive', "
                        + "'customer', 'cus_x', NULL, sha256(convert_to('{}', 'UTF8'))) FROM audit_logs WHERE tenant_id = '"
                        + tenant.id() + "' AND position = 1",
                "UPDATE tenant_audit_heads SET last_position = last_position + 1 WHERE tenant_id = '" + tenant.id() + "'",
                "CREATE UNIQUE INDEX audit_logs_position_idx ON audit_logs (tenant_id, position)");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).as("the forged row itself chains; the real row after it does not").isEqualTo(second);
        assertThat(invalid.get("position").asLong()).isEqualTo(3);
        assertThat(invalid.get("reason").asString()).isEqualTo("hash_mismatch");
    }

    @Test
    void a_row_inserted_beyond_the_head_is_not_in_the_chain() throws SQLException {
        var tenant = tenantWithRows(2);
        long next = rowCount(tenant.id()) + 1;

        // Even with a correctly computed hash: the head, updated under lock by every real append, does not know it.
        tamper("INSERT INTO audit_logs (id, tenant_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id, "
                + "changes, position, changes_digest, hash) SELECT 'aud_beyond', tenant_id, date_trunc('second', now()), 'system', NULL, "
                + "'customer.archive', 'customer', 'cus_x', '{}', " + next + ", sha256(convert_to('{}', 'UTF8')), "
                + "audit_row_hash(last_hash, tenant_id, " + next + ", 'aud_beyond', date_trunc('second', now()), 'system', NULL, 'customer.archive', "
                + "'customer', 'cus_x', NULL, sha256(convert_to('{}', 'UTF8'))) FROM tenant_audit_heads WHERE tenant_id = '"
                + tenant.id() + "'");

        JsonNode invalid = firstInvalid(tenant.adminKey());
        assertThat(invalid.get("id").asString()).isEqualTo("aud_beyond");
        assertThat(invalid.get("reason").asString()).isEqualTo("not_in_chain");
    }

    @Test
    void concurrent_writers_of_one_tenant_keep_one_valid_chain() throws Exception {
        var tenant = newTenant();
        int writers = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < each; i++) {
                        ApiResponse created = api.post("/v1/customers", tenant.adminKey(),
                                "{\"name\":\"Writer " + writer + " #" + i + "\"}");
                        ok += created.status() == 201 ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(each);
            }
        } finally {
            pool.shutdown();
        }

        JsonNode result = verify(tenant.adminKey());
        long rows = rowCount(tenant.id());
        assertThat(rows).isGreaterThanOrEqualTo((long) writers * each);
        assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("rows_checked").asLong()).isEqualTo(rows);
        assertThat(owner().sql("SELECT max(position) - min(position) + 1 FROM audit_logs WHERE tenant_id = ?")
                .param(tenant.id()).query(Long.class).single()).as("positions 1..n without gaps or forks").isEqualTo(rows);
    }

    @Test
    void only_admins_verify() {
        var tenant = newTenant();
        String reader = apiKey(tenant.adminKey(), "billing:read");

        assertThat(api.get("/v1/audit-logs/verify", reader).status()).isEqualTo(403);
    }

    private TenantFixture tenantWithRows(int customers) {
        var tenant = newTenant();
        for (int i = 0; i < customers; i++) {
            createCustomer(tenant.adminKey(), "{\"name\":\"Customer " + i + "\"}");
        }
        assertThat(verify(tenant.adminKey()).get("valid").asBoolean()).as("valid before tampering").isTrue();
        return tenant;
    }

    private JsonNode verify(String key) {
        ApiResponse response = api.get("/v1/audit-logs/verify", key);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode firstInvalid(String key) {
        JsonNode result = verify(key);
        assertThat(result.get("valid").asBoolean()).as(result.toString()).isFalse();
        return result.get("first_invalid");
    }

    /** Runs the statements as the database owner with the append-only trigger off, as a tamperer would. */
    private void tamper(String... statements) throws SQLException {
        try (Connection connection = ownerDataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only");
                for (String sql : statements) {
                    statement.execute(sql);
                }
                statement.execute("ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only");
            }
            connection.commit();
        }
    }

    private String rowAt(String tenantId, long position) {
        return owner().sql("SELECT id FROM audit_logs WHERE tenant_id = ? AND position = ?")
                .param(tenantId).param(position).query(String.class).single();
    }

    private long rowCount(String tenantId) {
        return owner().sql("SELECT count(*) FROM audit_logs WHERE tenant_id = ?").param(tenantId).query(Long.class).single();
    }

    private JdbcClient owner() {
        return JdbcClient.create(ownerDataSource);
    }
}
