package io.billstream.usage.db;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The stored files of imports, in numbered chunks: written as the upload arrives, read one at a time. */
@Repository
public class ImportChunks {

    private final JdbcClient jdbc;

    ImportChunks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void append(String tenantId, String importId, int seq, byte[] data) {
        jdbc.sql("INSERT INTO event_import_chunks (tenant_id, import_id, seq, data) VALUES (:tenant, :import, :seq, :data)")
                .param("tenant", tenantId).param("import", importId).param("seq", seq).param("data", data)
                .update();
    }

    /** The chunk, or null when the file has no chunk {@code seq}. */
    public byte[] read(String tenantId, String importId, int seq) {
        return jdbc.sql("SELECT data FROM event_import_chunks WHERE tenant_id = :tenant AND import_id = :import AND seq = :seq")
                .param("tenant", tenantId).param("import", importId).param("seq", seq)
                .query((rs, row) -> rs.getBytes(1)).optional().orElse(null);
    }

    public void deleteAll(String tenantId, String importId) {
        jdbc.sql("DELETE FROM event_import_chunks WHERE tenant_id = :tenant AND import_id = :import")
                .param("tenant", tenantId).param("import", importId).update();
    }
}
