package io.billstream.usage.web;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.usage.application.EventImportReports;
import io.billstream.usage.application.EventImportUploads;
import io.billstream.usage.application.EventImportView;
import io.billstream.usage.application.ImportRejectionView;
import io.billstream.usage.domain.ImportFormat;
import io.billstream.usage.domain.ImportMapping;
import io.billstream.usage.domain.ImportStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Files of usage events from batch jobs. Every endpoint requires usage:write: the job that uploads a
 * file is the one that follows it, and rejected lines show the events' raw content.
 */
@RestController
@RequestMapping("/v1/event-imports")
@Tag(name = "Event imports", description = "Files of usage events (NDJSON or CSV) of any size, stored and then processed in the "
        + "background; each transaction_id counts once, however often the file is sent.")
class EventImportController {

    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY = 255;
    private static final String MAPPING = "mapping.";
    private static final String DELIMITER = "delimiter";

    private final EventImportUploads uploads;
    private final EventImportReports reports;

    EventImportController(EventImportUploads uploads, EventImportReports reports) {
        this.uploads = uploads;
        this.reports = reports;
    }

    @PostMapping(consumes = {EventController.NDJSON, "application/ndjson", "application/jsonl"})
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Import an NDJSON file of usage events",
            description = "One event per line, each as for POST /v1/events; every line needs a transaction_id. The file is stored, "
                    + "then processed in the background: 202 with the import (status queued). Send Content-Encoding: gzip to compress.")
    ResponseEntity<EventImportView> importNdjson(HttpServletRequest request, UriComponentsBuilder uri) {
        for (String name : request.getParameterMap().keySet()) {
            if (name.startsWith(MAPPING) || name.equals(DELIMITER)) {
                throw ApiException.invalid(name, name + " applies to CSV imports only (Content-Type text/csv)");
            }
        }
        return receive(request, new EventImportUploads.Upload(ImportFormat.NDJSON, null, ',', idempotencyKey(request)), uri);
    }

    @PostMapping(consumes = "text/csv")
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Import a CSV file of usage events",
            description = "A header row, then one event per row. Query parameters mapping.<field>=<column> say which column holds "
                    + "each event field (transaction_id, external_customer_id, external_subscription_id, code, timestamp, "
                    + "properties.<name>); a field not mapped is read from a column of its own name. 400 naming the mapping "
                    + "field when the header lacks a column; otherwise 202 with the import (status queued).")
    ResponseEntity<EventImportView> importCsv(
            HttpServletRequest request,
            @Parameter(description = "The field delimiter: one ASCII character, or 'tab'. Default ','")
            @RequestParam(name = DELIMITER, required = false) String delimiter,
            UriComponentsBuilder uri) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            String name = parameter.getKey();
            if (name.startsWith(MAPPING)) {
                if (parameter.getValue().length != 1) {
                    throw ApiException.invalid(name, name + " may be given once");
                }
                columns.put(name.substring(MAPPING.length()), parameter.getValue()[0]);
            }
        }
        var upload = new EventImportUploads.Upload(ImportFormat.CSV, new ImportMapping(columns), delimiter(delimiter),
                idempotencyKey(request));
        return receive(request, upload, uri);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "List imports", description = "Newest first, cursor-paginated; without their rejected lines.")
    ListPage<EventImportView> list(
            @Parameter(description = "receiving, queued, processing, completed or failed") @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return reports.list(status(status), PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Retrieve an import",
            description = "Its status and progress (lines_read = accepted + duplicates + rejected), with the first rejected lines; "
                    + "rejections.next_cursor continues in GET /v1/event-imports/{id}/rejections.")
    EventImportView get(@PathVariable String id) {
        return reports.get(id);
    }

    @GetMapping("/{id}/rejections")
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "List an import's rejected lines", description = "In line order, cursor-paginated.")
    ListPage<ImportRejectionView> rejections(@PathVariable String id,
                                             @RequestParam(required = false) Integer limit,
                                             @RequestParam(required = false) String cursor) {
        return reports.rejections(id, PageRequest.of(limit, cursor));
    }

    private ResponseEntity<EventImportView> receive(HttpServletRequest request, EventImportUploads.Upload upload,
                                                    UriComponentsBuilder uri) {
        checkCharset(request);
        EventImportUploads.Received received;
        try {
            received = uploads.receive(upload, request.getInputStream());
        } catch (IOException unreadable) {
            throw EventController.unreadable(unreadable);
        }
        var response = ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(uri.path("/v1/event-imports/{id}").buildAndExpand(received.eventImport().id()).toUri());
        if (received.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.body(received.eventImport());
    }

    private static void checkCharset(HttpServletRequest request) {
        // The header as sent: the servlet's character encoding is forced to UTF-8 for every request.
        Charset charset;
        try {
            charset = MediaType.parseMediaType(request.getHeader(HttpHeaders.CONTENT_TYPE)).getCharset();
        } catch (IllegalArgumentException unknown) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "charset_unsupported", "Content-Type",
                    "Import files must be UTF-8: " + unknown.getMessage());
        }
        if (charset != null && !charset.equals(StandardCharsets.UTF_8) && !charset.equals(StandardCharsets.US_ASCII)) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "charset_unsupported", "Content-Type",
                    "Import files must be UTF-8, not " + charset.name());
        }
    }

    private static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_KEY);
        if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
            throw ApiException.invalid(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY + " must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        return key;
    }

    private static char delimiter(String delimiter) {
        if (delimiter == null || delimiter.isEmpty()) {
            return ',';
        }
        if (delimiter.equals("tab")) {
            return '\t';
        }
        char c = delimiter.charAt(0);
        if (delimiter.length() != 1 || c > 0x7f || c == '"' || c == '\n' || c == '\r') {
            throw ApiException.invalid(DELIMITER, "delimiter must be one ASCII character other than a quote or a line break, "
                    + "or 'tab'");
        }
        return c;
    }

    private static ImportStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ImportStatus.fromApiName(status);
        } catch (IllegalArgumentException unknown) {
            throw ApiException.invalid("status", "status must be receiving, queued, processing, completed or failed");
        }
    }
}
