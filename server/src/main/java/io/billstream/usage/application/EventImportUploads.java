package io.billstream.usage.application;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.usage.db.EventImports;
import io.billstream.usage.db.ImportChunks;
import io.billstream.usage.domain.EventImport;
import io.billstream.usage.domain.ImportCheckpoint;
import io.billstream.usage.domain.ImportCsv;
import io.billstream.usage.domain.ImportFormat;
import io.billstream.usage.domain.ImportLine;
import io.billstream.usage.domain.ImportLineReader;
import io.billstream.usage.domain.ImportMapping;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receiving import files: the body is streamed into stored chunks, each committed as it arrives, so
 * a file of any size passes through one chunk of memory. Only a completely stored file is queued;
 * the scheduler then processes it on whichever server picks it up.
 */
@Service
public class EventImportUploads {

    /** How long an Idempotency-Key returns the import it first created, as for every other POST. */
    static final Duration KEY_RETENTION = Duration.ofHours(24);

    /**
     * @param mapping   the CSV columns of the event fields (null for NDJSON)
     * @param delimiter the CSV field delimiter
     */
    public record Upload(ImportFormat format, ImportMapping mapping, char delimiter, String idempotencyKey) {
    }

    /** @param replayed the import was created earlier by a request with the same Idempotency-Key and file */
    public record Received(EventImportView eventImport, boolean replayed) {
    }

    private final EventImports imports;
    private final ImportChunks chunks;
    private final EventImportProcessing processing;
    private final EventImportTask task;
    private final TransactionTemplate transactions;
    private final EventImportProperties properties;
    private final Clock clock;

    EventImportUploads(EventImports imports, ImportChunks chunks, EventImportProcessing processing, EventImportTask task,
                       TransactionTemplate transactions, EventImportProperties properties, Clock clock) {
        this.imports = imports;
        this.chunks = chunks;
        this.processing = processing;
        this.task = task;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /** Stores the file read from {@code body} and queues it; 202 material. */
    public Received receive(Upload upload, InputStream body) throws IOException {
        String tenantId = TenantContext.require();
        Instant now = clock.instant();
        MessageDigest fingerprint = fingerprint(upload);
        String key = upload.idempotencyKey();
        if (key != null) {
            Optional<EventImports.Keyed> earlier = transactions.execute(status ->
                    imports.findByIdempotencyKey(tenantId, key, now.minus(KEY_RETENTION)));
            if (earlier.isPresent()) {
                return replay(earlier.get(), body, fingerprint);
            }
        }
        byte[] first = body.readNBytes(properties.chunkBytes());
        if (first.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The file is empty");
        }
        ImportCsv csv = null;
        ImportCheckpoint start = ImportCheckpoint.START;
        if (upload.format() == ImportFormat.CSV) {
            ImportLineReader header = new ImportLineReader(seq -> seq == 0 ? first : null, ImportCheckpoint.START,
                    ImportFormat.CSV, upload.delimiter(), properties.maxLineBytes());
            ImportLine row = header.next();
            csv = new ImportCsv(upload.mapping().resolve(headerColumns(row, first, header.position(), upload.delimiter())),
                    upload.delimiter());
            start = header.position();
        }
        EventImport created = EventImport.receiving(Ids.next("imp"), tenantId, upload.format(), csv, start, now);
        // Watched before it exists: whatever happens to this server from here on, the import is looked at.
        task.watch(tenantId, created.id(), now.plus(properties.uploadIdleTimeout()));
        try {
            transactions.executeWithoutResult(status -> {
                if (key != null) {
                    imports.releaseIdempotencyKey(tenantId, key, now.minus(KEY_RETENTION));
                }
                imports.insert(created, key, null);
            });
        } catch (DuplicateKeyException sameKeyMeanwhile) {
            throw inProgress();
        }
        long size;
        try {
            size = store(tenantId, created.id(), first, body, fingerprint);
        } catch (IOException | RuntimeException failed) {
            try {
                processing.abandon(created.id());
            } catch (RuntimeException notNow) {
                failed.addSuppressed(notNow); // the watch abandons it once the upload has been idle long enough
            }
            throw failed;
        }
        byte[] digest = fingerprint.digest();
        EventImport queued = transactions.execute(status -> {
            EventImport received = imports.find(tenantId, created.id(), true).orElseThrow().received(size, clock.instant());
            imports.update(received);
            imports.fingerprint(tenantId, created.id(), digest);
            return received;
        });
        task.runNow(tenantId, created.id());
        return new Received(EventImportView.of(queued, null), false);
    }

    /** Stores the file chunk by chunk, each in its own transaction; returns its size. */
    private long store(String tenantId, String importId, byte[] first, InputStream body, MessageDigest fingerprint) throws IOException {
        long maxBytes = properties.maxFileSize().toBytes();
        long size = 0;
        int seq = 0;
        for (byte[] chunk = first; chunk.length > 0; chunk = body.readNBytes(properties.chunkBytes())) {
            size += chunk.length;
            if (size > maxBytes) {
                throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", null,
                        "An import file may be at most " + maxBytes + " bytes (after gzip decoding); split it");
            }
            fingerprint.update(chunk);
            byte[] data = chunk;
            int number = seq++;
            transactions.executeWithoutResult(status -> {
                chunks.append(tenantId, importId, number, data);
                imports.addReceived(tenantId, importId, data.length, clock.instant());
            });
        }
        return size;
    }

    /**
     * The same key again: the same file gets the import it created (read to the end, to be sure it is
     * the same); another file is refused, as for every other POST.
     */
    private Received replay(EventImports.Keyed earlier, InputStream body, MessageDigest fingerprint) throws IOException {
        if (earlier.fingerprint() == null) {
            throw inProgress();
        }
        byte[] buffer = new byte[64 * 1024];
        for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
            fingerprint.update(buffer, 0, n);
        }
        if (!Arrays.equals(fingerprint.digest(), earlier.fingerprint())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused", "Idempotency-Key",
                    "This Idempotency-Key was used with a different file or options; use a new key for a new import");
        }
        EventImport current = transactions.execute(status ->
                imports.find(earlier.eventImport().tenantId(), earlier.eventImport().id(), false).orElseThrow());
        return new Received(EventImportView.of(current, null), true);
    }

    /** The header row's column names; it must be complete within the first chunk. */
    private List<String> headerColumns(ImportLine header, byte[] first, ImportCheckpoint after, char delimiter) {
        if (header == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The CSV file has no header row");
        }
        boolean moreFollows = first.length == properties.chunkBytes();
        boolean headerEnded = after.chunk() == 0 || first[first.length - 1] == '\n';
        if (header.defect() == ImportLine.Defect.TOO_LONG || (moreFollows && !headerEnded)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The CSV header row is longer than "
                    + Math.min(properties.maxLineBytes(), properties.chunkBytes()) + " bytes");
        }
        if (header.defect() == ImportLine.Defect.NOT_UTF8) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The CSV header row is not valid UTF-8");
        }
        List<String> columns = ImportLineParser.header(header.text(), delimiter);
        if (columns == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The CSV header row (line " + header.number()
                    + ") is not valid CSV");
        }
        return columns;
    }

    private static ApiException inProgress() {
        return new ApiException(HttpStatus.CONFLICT, "idempotency_request_in_progress", "Idempotency-Key",
                "An import with this Idempotency-Key is still being uploaded; retry later");
    }

    /** Covers the options as well as the file: the same file with another mapping is another import. */
    private static MessageDigest fingerprint(Upload upload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String options = upload.format().apiName() + "\n" + upload.delimiter() + "\n"
                    + (upload.mapping() == null ? "" : new TreeMap<>(upload.mapping().columnsByField()).toString()) + "\n";
            digest.update(options.getBytes(StandardCharsets.UTF_8));
            return digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
