package io.billstream.usage.application;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.usage.db.EventImports;
import io.billstream.usage.db.ImportChunks;
import io.billstream.usage.domain.EventImport;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.ImportCheckpoint;
import io.billstream.usage.domain.ImportCounts;
import io.billstream.usage.domain.ImportLine;
import io.billstream.usage.domain.ImportLineReader;
import io.billstream.usage.domain.ImportRejection;
import io.billstream.usage.domain.ImportStatus;
import io.billstream.usage.domain.IncomingEvent;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes a stored import file from its checkpoint, a group of lines at a time. Each group's
 * events, rejected lines, counters and the checkpoint after it commit in one transaction, so an
 * interrupted run (a crash, a deploy, a failed statement) leaves the import exactly after its last
 * committed group, and the next run, on any server, goes on from there without counting a line twice.
 */
@Service
public class EventImportProcessing {

    private final EventImports imports;
    private final ImportChunks chunks;
    private final UsageIngestion ingestion;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final EventImportProperties properties;
    private final Clock clock;

    EventImportProcessing(EventImports imports, ImportChunks chunks, UsageIngestion ingestion, TransactionTemplate transactions,
                          JsonMapper json, EventImportProperties properties, Clock clock) {
        this.imports = imports;
        this.chunks = chunks;
        this.ingestion = ingestion;
        this.transactions = transactions;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Processes an import of the current tenant until its file ends, or until {@code pause} answers
     * true after a committed group. Returns when to run again, or null when nothing is left to do.
     */
    public Instant process(String importId, BooleanSupplier pause) {
        String tenantId = TenantContext.require();
        EventImport current = transactions.execute(status -> imports.find(tenantId, importId, false).orElse(null));
        if (current == null || current.status().finished()) {
            return null;
        }
        if (current.status() == ImportStatus.RECEIVING) {
            return abandonIfIdle(current);
        }
        if (current.status() == ImportStatus.QUEUED) {
            current = transactions.execute(status -> {
                EventImport locked = lock(tenantId, importId);
                EventImport started = locked.status() == ImportStatus.QUEUED ? locked.started(clock.instant()) : locked;
                imports.update(started);
                return started;
            });
            if (current.status() != ImportStatus.PROCESSING) {
                return null;
            }
        }
        ImportLineReader reader = new ImportLineReader(seq -> chunks.read(tenantId, importId, seq), current.checkpoint(),
                current.format(), current.csv() == null ? ',' : current.csv().delimiter(), properties.maxLineBytes());
        ImportLineParser parser = new ImportLineParser(json, current.csv(), properties.maxLineBytes());
        ImportCheckpoint from = current.checkpoint();
        while (true) {
            List<ImportLineParser.Parsed> group = new ArrayList<>();
            boolean end = false;
            while (group.size() < properties.groupLines()) {
                ImportLine line = reader.next();
                if (line == null) {
                    end = true;
                    break;
                }
                group.add(parser.parse(line));
            }
            ImportCheckpoint start = from;
            ImportCheckpoint to = reader.position();
            boolean last = end;
            transactions.executeWithoutResult(status -> commit(tenantId, importId, start, to, group, last));
            if (end) {
                return null;
            }
            from = to;
            if (pause.getAsBoolean()) {
                return clock.instant();
            }
        }
    }

    /**
     * Fails an import whose runs keep failing (a database that stays down, a defect): the groups
     * committed so far stay counted.
     */
    public void giveUp(String importId, int attempts) {
        String tenantId = TenantContext.require();
        transactions.executeWithoutResult(status -> {
            EventImport locked = lock(tenantId, importId);
            if (!locked.status().finished()) {
                finish(locked.failed(EventImport.PROCESSING_FAILED, "Processing failed " + attempts + " times in a row and was given up. "
                        + "The " + locked.counts().linesRead() + " lines before line " + locked.checkpoint().line()
                        + " are counted; upload the file again to process the rest (lines already accepted come back as duplicates).",
                        clock.instant()));
            }
        });
    }

    /** Fails an import whose file stopped arriving: its upload failed or its server died while receiving it. */
    public void abandon(String importId) {
        String tenantId = TenantContext.require();
        transactions.executeWithoutResult(status -> {
            EventImport locked = lock(tenantId, importId);
            if (locked.status() == ImportStatus.RECEIVING) {
                finish(locked.failed(EventImport.UPLOAD_INCOMPLETE, "The upload ended before the whole file was received; "
                        + "nothing of it was processed. Upload the file again.", clock.instant()));
            }
        });
    }

    private Instant abandonIfIdle(EventImport receiving) {
        Instant deadline = receiving.updatedAt().plus(properties.uploadIdleTimeout());
        if (clock.instant().isBefore(deadline)) {
            return deadline;
        }
        abandon(receiving.id());
        return null;
    }

    private void commit(String tenantId, String importId, ImportCheckpoint from, ImportCheckpoint to,
                        List<ImportLineParser.Parsed> group, boolean end) {
        // The row lock makes a second run of the same import (a revived execution whose first run
        // still lives) wait here, then fail on the moved checkpoint instead of writing the group twice.
        EventImport locked = lock(tenantId, importId);
        List<IncomingEvent> events = new ArrayList<>(group.size());
        for (ImportLineParser.Parsed parsed : group) {
            if (parsed.event() != null) {
                events.add(parsed.event());
            }
        }
        List<EventOutcome> outcomes = events.isEmpty() ? List.of() : ingestion.recordInTransaction(events, importId);
        List<ImportRejection> rejections = new ArrayList<>();
        long accepted = 0;
        long duplicates = 0;
        int next = 0;
        for (ImportLineParser.Parsed parsed : group) {
            if (parsed.rejection() != null) {
                rejections.add(parsed.rejection());
                continue;
            }
            EventOutcome outcome = outcomes.get(next++);
            switch (outcome.status()) {
                case ACCEPTED -> accepted++;
                case DUPLICATE -> duplicates++;
                case REJECTED -> rejections.add(ImportRejection.of(parsed.line(), outcome.transactionId(), outcome.code(),
                        outcome.field(), outcome.detail()));
            }
        }
        imports.insertRejections(tenantId, importId, rejections);
        Instant now = clock.instant();
        EventImport advanced = locked.advanced(from, to,
                new ImportCounts(group.size(), accepted, duplicates, rejections.size()), now);
        if (end) {
            finish(advanced.completed(to, now));
        } else {
            imports.update(advanced);
        }
    }

    /** Writes a finished import; its file is no longer needed. */
    private void finish(EventImport finished) {
        imports.update(finished);
        chunks.deleteAll(finished.tenantId(), finished.id());
    }

    private EventImport lock(String tenantId, String importId) {
        return imports.find(tenantId, importId, true)
                .orElseThrow(() -> new IllegalStateException("import " + importId + " of tenant " + tenantId + " is gone"));
    }
}
