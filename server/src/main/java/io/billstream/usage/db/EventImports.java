package io.billstream.usage.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import io.billstream.usage.domain.EventImport;
import io.billstream.usage.domain.ImportCheckpoint;
import io.billstream.usage.domain.ImportCounts;
import io.billstream.usage.domain.ImportCsv;
import io.billstream.usage.domain.ImportFormat;
import io.billstream.usage.domain.ImportMapping;
import io.billstream.usage.domain.ImportRejection;
import io.billstream.usage.domain.ImportStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Import rows and their rejected lines. Every query names its tenant; row-level security backs that up. */
@Repository
public class EventImports {

    /** An import found by its Idempotency-Key, with the fingerprint of the request that created it. */
    public record Keyed(EventImport eventImport, byte[] fingerprint) {
    }

    private static final String UPLOAD_INCOMPLETE = EventImport.UPLOAD_INCOMPLETE;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventImports(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(EventImport eventImport, String idempotencyKey, byte[] fingerprint) {
        ImportCsv csv = eventImport.csv();
        jdbc.sql("""
                INSERT INTO event_imports (id, tenant_id, status, format, csv_header, csv_mapping, csv_delimiter, bytes,
                    next_chunk, next_offset, next_line, bytes_read, idempotency_key, request_fingerprint, created_at, updated_at)
                VALUES (:id, :tenant, :status, :format, :header, CAST(:mapping AS jsonb), :delimiter, :bytes,
                    :chunk, :offset, :line, :bytesRead, :key, :fingerprint, :createdAt, :updatedAt)
                """)
                .param("id", eventImport.id()).param("tenant", eventImport.tenantId())
                .param("status", eventImport.status().apiName()).param("format", eventImport.format().apiName())
                .param("header", csv == null ? null : csv.columns().header().toArray(String[]::new))
                .param("mapping", csv == null ? null : json.writeValueAsString(csv.columns().mapping()))
                .param("delimiter", csv == null ? null : String.valueOf(csv.delimiter()))
                .param("bytes", eventImport.bytes())
                .param("chunk", eventImport.checkpoint().chunk()).param("offset", eventImport.checkpoint().offset())
                .param("line", eventImport.checkpoint().line()).param("bytesRead", eventImport.checkpoint().bytesRead())
                .param("key", idempotencyKey).param("fingerprint", fingerprint)
                .param("createdAt", Timestamp.from(eventImport.createdAt())).param("updatedAt", Timestamp.from(eventImport.updatedAt()))
                .update();
    }

    /** Writes the state, counters and checkpoint of an import (the file's size while it is received). */
    public void update(EventImport eventImport) {
        ImportCounts counts = eventImport.counts();
        ImportCheckpoint checkpoint = eventImport.checkpoint();
        jdbc.sql("""
                UPDATE event_imports SET status = :status, bytes = :bytes, bytes_read = :bytesRead, lines_read = :linesRead,
                    accepted = :accepted, duplicates = :duplicates, rejected = :rejected,
                    next_chunk = :chunk, next_offset = :offset, next_line = :line,
                    failure_code = :failureCode, failure_reason = :failureReason,
                    updated_at = :updatedAt, started_at = :startedAt, completed_at = :completedAt
                WHERE tenant_id = :tenant AND id = :id
                """)
                .param("tenant", eventImport.tenantId()).param("id", eventImport.id())
                .param("status", eventImport.status().apiName()).param("bytes", eventImport.bytes())
                .param("bytesRead", checkpoint.bytesRead()).param("linesRead", counts.linesRead())
                .param("accepted", counts.accepted()).param("duplicates", counts.duplicates()).param("rejected", counts.rejected())
                .param("chunk", checkpoint.chunk()).param("offset", checkpoint.offset()).param("line", checkpoint.line())
                .param("failureCode", eventImport.failureCode()).param("failureReason", eventImport.failureReason())
                .param("updatedAt", Timestamp.from(eventImport.updatedAt()))
                .param("startedAt", Rows.timestamp(eventImport.startedAt()))
                .param("completedAt", Rows.timestamp(eventImport.completedAt()))
                .update();
    }

    /** Records what identifies the upload, once the whole file is stored, for retries with its Idempotency-Key. */
    public void fingerprint(String tenantId, String id, byte[] fingerprint) {
        jdbc.sql("UPDATE event_imports SET request_fingerprint = :fingerprint WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).param("fingerprint", fingerprint)
                .update();
    }

    /** Counts a stored chunk of a file being received; the update time tells an abandoned upload from a slow one. */
    public void addReceived(String tenantId, String id, long bytes, Instant now) {
        jdbc.sql("UPDATE event_imports SET bytes = bytes + :bytes, updated_at = :now WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id).param("bytes", bytes).param("now", Timestamp.from(now))
                .update();
    }

    public Optional<EventImport> find(String tenantId, String id, boolean forUpdate) {
        return jdbc.sql("SELECT * FROM event_imports WHERE tenant_id = :tenant AND id = :id" + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("id", id)
                .query(this::map).optional();
    }

    /**
     * The import created with this Idempotency-Key at or after {@code since}, unless its upload failed:
     * a request that stored no file leaves its key free, as for every other POST.
     */
    public Optional<Keyed> findByIdempotencyKey(String tenantId, String key, Instant since) {
        return jdbc.sql("SELECT * FROM event_imports WHERE tenant_id = :tenant AND idempotency_key = :key AND created_at >= :since"
                        + " AND failure_code IS DISTINCT FROM '" + UPLOAD_INCOMPLETE + "'")
                .param("tenant", tenantId).param("key", key).param("since", Timestamp.from(since))
                .query((rs, row) -> new Keyed(map(rs, row), rs.getBytes("request_fingerprint"))).optional();
    }

    /** Frees a key for a new import: its first use has expired ({@code before}), or its upload failed. */
    public void releaseIdempotencyKey(String tenantId, String key, Instant before) {
        jdbc.sql("UPDATE event_imports SET idempotency_key = NULL WHERE tenant_id = :tenant AND idempotency_key = :key"
                        + " AND (created_at < :before OR failure_code = '" + UPLOAD_INCOMPLETE + "')")
                .param("tenant", tenantId).param("key", key).param("before", Timestamp.from(before))
                .update();
    }

    /** Newest first. */
    public List<EventImport> list(String tenantId, ImportStatus status, PageRequest page) {
        return jdbc.sql("SELECT * FROM event_imports WHERE tenant_id = :tenant"
                        + (status == null ? "" : " AND status = :status")
                        + (page.after() == null ? "" : " AND id < :after")
                        + " ORDER BY id DESC LIMIT :limit")
                .param("tenant", tenantId).param("status", status == null ? null : status.apiName())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(this::map).list();
    }

    public void insertRejections(String tenantId, String importId, List<ImportRejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        int n = rejections.size();
        Long[] lines = new Long[n];
        String[] transactionIds = new String[n];
        String[] codes = new String[n];
        String[] fields = new String[n];
        String[] details = new String[n];
        String[] raws = new String[n];
        for (int i = 0; i < n; i++) {
            ImportRejection rejection = rejections.get(i);
            lines[i] = rejection.line();
            transactionIds[i] = rejection.transactionId();
            codes[i] = rejection.code();
            fields[i] = rejection.field();
            details[i] = rejection.detail();
            raws[i] = rejection.rawLine();
        }
        jdbc.sql("""
                INSERT INTO event_import_rejections (tenant_id, import_id, line, transaction_id, code, field, detail, raw_line)
                SELECT :tenant, :import, r.line, r.transaction_id, r.code, r.field, r.detail, r.raw_line
                FROM unnest(:lines, :transactionIds, :codes, :fields, :details, :raws)
                     AS r (line, transaction_id, code, field, detail, raw_line)
                """)
                .param("tenant", tenantId).param("import", importId)
                .param("lines", lines).param("transactionIds", transactionIds).param("codes", codes).param("fields", fields)
                .param("details", details).param("raws", raws)
                .update();
    }

    /** Up to {@code limit} rejected lines after the line {@code afterLine}, in line order. */
    public List<ImportRejection> rejections(String tenantId, String importId, long afterLine, int limit) {
        return jdbc.sql("""
                SELECT line, transaction_id, code, field, detail, raw_line FROM event_import_rejections
                WHERE tenant_id = :tenant AND import_id = :import AND line > :after
                ORDER BY line LIMIT :limit
                """)
                .param("tenant", tenantId).param("import", importId).param("after", afterLine).param("limit", limit)
                .query((rs, row) -> new ImportRejection(rs.getLong("line"), rs.getString("transaction_id"), rs.getString("code"),
                        rs.getString("field"), rs.getString("detail"), rs.getString("raw_line")))
                .list();
    }

    private EventImport map(ResultSet rs, int row) throws SQLException {
        ImportFormat format = ImportFormat.fromApiName(rs.getString("format"));
        ImportCsv csv = null;
        if (format == ImportFormat.CSV) {
            Map<String, String> mapping = json.readValue(rs.getString("csv_mapping"), new TypeReference<Map<String, String>>() { });
            csv = new ImportCsv(new ImportMapping(mapping).resolve(Rows.strings(rs, "csv_header")),
                    rs.getString("csv_delimiter").charAt(0));
        }
        return new EventImport(rs.getString("id"), rs.getString("tenant_id"), ImportStatus.fromApiName(rs.getString("status")),
                format, csv, rs.getLong("bytes"),
                new ImportCounts(rs.getLong("lines_read"), rs.getLong("accepted"), rs.getLong("duplicates"), rs.getLong("rejected")),
                new ImportCheckpoint(rs.getInt("next_chunk"), rs.getInt("next_offset"), rs.getLong("next_line"), rs.getLong("bytes_read")),
                rs.getString("failure_code"), rs.getString("failure_reason"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "completed_at"));
    }
}
