-- Event imports: files of usage events from batch jobs, stored first and then processed by the
-- persistent scheduler from a checkpoint, so that a restart resumes them on any instance.

-- One row per uploaded file. The progress counters and the checkpoint (next_chunk, next_offset,
-- next_line) are updated in the same transaction as the events and rejections of each group of
-- lines, so they always describe exactly what was committed.
CREATE TABLE event_imports (
    id                   text        PRIMARY KEY,
    tenant_id            text        NOT NULL REFERENCES tenants (id),
    status               text        NOT NULL CHECK (status IN ('receiving', 'queued', 'processing', 'completed', 'failed')),
    format               text        NOT NULL CHECK (format IN ('ndjson', 'csv')),
    csv_header           text[],                 -- the header row's column names, in file order (csv only)
    csv_mapping          jsonb,                  -- event field -> column, as resolved against the header (csv only)
    csv_delimiter        text,
    bytes                bigint      NOT NULL DEFAULT 0,   -- received so far; the file's size once queued
    bytes_read           bigint      NOT NULL DEFAULT 0,
    lines_read           bigint      NOT NULL DEFAULT 0,   -- = accepted + duplicates + rejected
    accepted             bigint      NOT NULL DEFAULT 0,
    duplicates           bigint      NOT NULL DEFAULT 0,
    rejected             bigint      NOT NULL DEFAULT 0,
    next_chunk           integer     NOT NULL,   -- the checkpoint: where the first unread line starts
    next_offset          integer     NOT NULL,
    next_line            bigint      NOT NULL,   -- its line number in the file (1-based)
    failure_code         text,
    failure_reason       text,
    idempotency_key      text,
    request_fingerprint  bytea,                  -- SHA-256 of the format, the CSV options and the file
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    started_at           timestamptz,
    completed_at         timestamptz
);
CREATE INDEX event_imports_tenant_idx ON event_imports (tenant_id, id);
-- A retried upload with the same Idempotency-Key finds the first one instead of starting another.
CREATE UNIQUE INDEX event_imports_idempotency_idx ON event_imports (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- The file itself, in pieces of about 1 MB written as they arrive (never the whole file in memory).
-- Deleted when the import completes or fails: the events and rejections are what is kept.
CREATE TABLE event_import_chunks (
    tenant_id  text    NOT NULL,
    import_id  text    NOT NULL REFERENCES event_imports (id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    data       bytea   NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- The lines that did not become events, with the reason. The primary key makes a replayed group
-- fail rather than report a line twice.
CREATE TABLE event_import_rejections (
    tenant_id       text   NOT NULL,
    import_id       text   NOT NULL REFERENCES event_imports (id) ON DELETE CASCADE,
    line            bigint NOT NULL,
    transaction_id  text,
    code            text   NOT NULL,
    field           text,
    detail          text   NOT NULL,
    raw_line        text   NOT NULL,   -- truncated
    PRIMARY KEY (import_id, line)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['event_imports', 'event_import_chunks', 'event_import_rejections']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON event_imports TO billstream_app;
GRANT SELECT, INSERT, DELETE ON event_import_chunks TO billstream_app;
GRANT SELECT, INSERT ON event_import_rejections TO billstream_app;
-- No cross-tenant function: each scheduled import task carries its tenant and import ID.
