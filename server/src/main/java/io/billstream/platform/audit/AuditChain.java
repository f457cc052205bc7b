package io.billstream.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import io.billstream.platform.db.Rows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a tenant's audit hash chain. The database computes each hash when it appends a row
 * ({@code append_audit_log}); this class recomputes them independently, in Java, from the canonical
 * form documented in docs/compliance.md, so a bug or a tampering on either side shows.
 */
@Service
class AuditChain {

    static final int BATCH = 1_000;
    static final byte[] GENESIS = new byte[32];
    private static final String CANONICAL_VERSION = "billstream-audit-v1";
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcClient jdbc;

    AuditChain(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record ChainRow(String id, String tenantId, long position, Instant occurredAt, String actorType, String actorId,
                            String action, String resourceType, String resourceId, String requestId, String changes,
                            byte[] changesDigest, byte[] hash, boolean redacted) {
    }

    /**
     * Walks the chain in batches, oldest first, up to the head as it was when the walk began: one
     * repeatable-read snapshot, so rows appended meanwhile neither count nor look forged.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    AuditChainVerification verify(String tenantId) {
        var head = jdbc.sql("SELECT last_position, last_hash FROM tenant_audit_heads WHERE tenant_id = :tenant")
                .param("tenant", tenantId)
                .query((rs, n) -> new AuditChainVerification.Head(rs.getLong(1), HEX.formatHex(rs.getBytes(2))))
                .optional().orElse(new AuditChainVerification.Head(0, HEX.formatHex(GENESIS)));
        byte[] previous = GENESIS;
        long position = 0;
        long checked = 0;
        long redacted = 0;
        while (true) {
            List<ChainRow> rows = batch(tenantId, position);
            for (ChainRow row : rows) {
                checked++;
                AuditChainVerification.FirstInvalid problem = check(row, position, previous, head);
                if (problem != null) {
                    return new AuditChainVerification("audit_chain_verification", false, checked, redacted, head, problem);
                }
                redacted += row.redacted() ? 1 : 0;
                previous = row.hash();
                position = row.position();
            }
            if (rows.size() < BATCH) {
                break;
            }
        }
        if (position < head.position()) {
            return new AuditChainVerification("audit_chain_verification", false, checked, redacted, head,
                    new AuditChainVerification.FirstInvalid(null, position + 1, "missing_rows",
                            "The chain ends at position " + position + " but its head records position " + head.position()
                                    + ": the last rows were deleted"));
        }
        if (!HEX.formatHex(previous).equals(head.hash())) {
            return new AuditChainVerification("audit_chain_verification", false, checked, redacted, head,
                    new AuditChainVerification.FirstInvalid(null, position, "head_mismatch",
                            "The last row's hash differs from the hash its head records"));
        }
        return new AuditChainVerification("audit_chain_verification", true, checked, redacted, head, null);
    }

    private static AuditChainVerification.FirstInvalid check(ChainRow row, long previousPosition, byte[] previousHash,
                                                             AuditChainVerification.Head head) {
        if (row.position() > head.position()) {
            return new AuditChainVerification.FirstInvalid(row.id(), row.position(), "not_in_chain",
                    "The row lies beyond the chain's head (position " + head.position() + "): it was not appended through the chain");
        }
        if (row.position() != previousPosition + 1) {
            return new AuditChainVerification.FirstInvalid(row.id(), row.position(), "missing_rows",
                    "Position " + row.position() + " follows position " + previousPosition + ": the rows between were deleted");
        }
        boolean changesIntact = row.redacted() ? row.changes().equals("{}")
                : Arrays.equals(sha256(row.changes().getBytes(StandardCharsets.UTF_8)), row.changesDigest());
        if (!changesIntact) {
            return new AuditChainVerification.FirstInvalid(row.id(), row.position(), "changes_mismatch",
                    "The row's changes do not match the digest it was chained with");
        }
        if (!Arrays.equals(hash(previousHash, row), row.hash())) {
            return new AuditChainVerification.FirstInvalid(row.id(), row.position(), "hash_mismatch",
                    "The row's fields, or the row before it, are not what its hash was computed from");
        }
        return null;
    }

    /** sha256(previous hash || UTF-8 of the canonical form): see docs/compliance.md. */
    private static byte[] hash(byte[] previous, ChainRow row) {
        String canonical = field(CANONICAL_VERSION) + field(row.tenantId()) + field(Long.toString(row.position()))
                + field(row.id()) + field(Long.toString(epochMicros(row.occurredAt()))) + field(row.actorType())
                + field(row.actorId()) + field(row.action()) + field(row.resourceType()) + field(row.resourceId())
                + field(row.requestId()) + field(HEX.formatHex(row.changesDigest()));
        byte[] body = canonical.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(previous, previous.length + body.length);
        System.arraycopy(body, 0, input, previous.length, body.length);
        return sha256(input);
    }

    private static String field(String value) {
        return value == null ? "~;" : value.getBytes(StandardCharsets.UTF_8).length + ":" + value + ";";
    }

    private static long epochMicros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private List<ChainRow> batch(String tenantId, long afterPosition) {
        return jdbc.sql("""
                SELECT id, tenant_id, position, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
                       request_id, changes::text AS changes_text, changes_digest, hash, redacted_at IS NOT NULL AS redacted
                FROM audit_logs WHERE tenant_id = :tenant AND position > :after ORDER BY position LIMIT :limit
                """)
                .param("tenant", tenantId).param("after", afterPosition).param("limit", BATCH)
                .query((rs, n) -> new ChainRow(rs.getString("id"), rs.getString("tenant_id"), rs.getLong("position"),
                        Rows.instant(rs, "occurred_at"), rs.getString("actor_type"), rs.getString("actor_id"),
                        rs.getString("action"), rs.getString("resource_type"), rs.getString("resource_id"),
                        rs.getString("request_id"), rs.getString("changes_text"), rs.getBytes("changes_digest"),
                        rs.getBytes("hash"), rs.getBoolean("redacted")))
                .list();
    }
}
