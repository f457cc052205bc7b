package io.billstream.usage.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/**
 * An uploaded file of usage events and how far its processing got. {@code csv} is null for NDJSON.
 * {@code bytes} grows while the file is received and is its size from then on.
 */
public record EventImport(String id, String tenantId, ImportStatus status, ImportFormat format, ImportCsv csv, long bytes,
                          ImportCounts counts, ImportCheckpoint checkpoint, String failureCode, String failureReason,
                          Instant createdAt, Instant updatedAt, Instant startedAt, Instant completedAt) {

    /** The failure of an upload that ended before the whole file was stored. */
    public static final String UPLOAD_INCOMPLETE = "upload_incomplete";
    /** The failure of an import whose runs kept failing. */
    public static final String PROCESSING_FAILED = "processing_failed";

    /** A file starting to arrive; {@code start} is where its first event line is (after a CSV header). */
    public static EventImport receiving(String id, String tenantId, ImportFormat format, ImportCsv csv, ImportCheckpoint start,
                                        Instant now) {
        return new EventImport(id, tenantId, ImportStatus.RECEIVING, format, csv, 0, ImportCounts.NONE, start, null, null,
                now, now, null, null);
    }

    /** The whole file is stored: it waits for the scheduler. */
    public EventImport received(long size, Instant now) {
        require(ImportStatus.RECEIVING, "received");
        return new EventImport(id, tenantId, ImportStatus.QUEUED, format, csv, size, counts, checkpoint, null, null,
                createdAt, now, null, null);
    }

    public EventImport started(Instant now) {
        if (status == ImportStatus.PROCESSING) {
            return this;
        }
        require(ImportStatus.QUEUED, "started");
        return new EventImport(id, tenantId, ImportStatus.PROCESSING, format, csv, bytes, counts, checkpoint, null, null,
                createdAt, now, now, null);
    }

    /** The lines from {@code from} to {@code to} were processed with these results, in the same transaction. */
    public EventImport advanced(ImportCheckpoint from, ImportCheckpoint to, ImportCounts results, Instant now) {
        require(ImportStatus.PROCESSING, "advanced");
        requireCheckpoint(from);
        return new EventImport(id, tenantId, status, format, csv, bytes, counts.plus(results), to, null, null,
                createdAt, now, startedAt, null);
    }

    /** Every line from {@code from} to the end of the file was blank: nothing is left. */
    public EventImport completed(ImportCheckpoint from, Instant now) {
        require(ImportStatus.PROCESSING, "completed");
        requireCheckpoint(from);
        ImportCheckpoint end = new ImportCheckpoint(checkpoint.chunk(), checkpoint.offset(), checkpoint.line(), bytes);
        return new EventImport(id, tenantId, ImportStatus.COMPLETED, format, csv, bytes, counts, end, null, null,
                createdAt, now, startedAt, now);
    }

    /** The file cannot be processed (any further): what was committed stays counted. */
    public EventImport failed(String code, String reason, Instant now) {
        if (status.finished()) {
            throw new StateConflictException("import_finished", "the import " + id + " is already " + status.apiName());
        }
        return new EventImport(id, tenantId, ImportStatus.FAILED, format, csv, bytes, counts, checkpoint, code, reason,
                createdAt, now, startedAt, now);
    }

    private void require(ImportStatus expected, String change) {
        if (status != expected) {
            throw new StateConflictException("import_state", "the import " + id + " cannot be " + change + " while "
                    + status.apiName());
        }
    }

    /** A run that did not start where the import stands must not commit: another run got there first. */
    private void requireCheckpoint(ImportCheckpoint from) {
        if (!checkpoint.equals(from)) {
            throw new StateConflictException("import_moved", "the import " + id + " moved on from " + from + " to "
                    + checkpoint + " under another run");
        }
    }
}
