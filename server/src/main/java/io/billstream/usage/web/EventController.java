package io.billstream.usage.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.PayloadTooLargeException;
import io.billstream.usage.application.EventJson;
import io.billstream.usage.application.UsageIngestion;
import io.billstream.usage.application.UsageNotRecordedException;
import io.billstream.usage.domain.EventOutcome;
import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.EventSource;
import io.billstream.usage.domain.IncomingEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/v1/events")
@Tag(name = "Usage events", description = "What your customers consumed. Each transaction_id counts once, however often it is sent.")
class EventController {

    static final String NDJSON = "application/x-ndjson";

    /** One event's fate in a batch; {@code code}, {@code param} and {@code detail} only when rejected. */
    record EventResult(int index, String transactionId, String status, String code, String param, String detail) {
    }

    @JacksonXmlRootElement(localName = "usage_event_batch")
    record BatchResult(String object, int accepted, int duplicates, int rejected, List<EventResult> data) {
    }

    @JacksonXmlRootElement(localName = "usage_event")
    record RecordedEvent(String object, String transactionId, String status) {
    }

    private final UsageIngestion ingestion;
    private final JsonMapper json;

    EventController(UsageIngestion ingestion, JsonMapper json) {
        this.ingestion = ingestion;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Record one usage event",
            description = "201 when accepted (committed before the response), 200 with status duplicate when this transaction_id "
                    + "was already accepted, 400 naming the field when rejected.")
    ResponseEntity<RecordedEvent> record(HttpServletRequest request) {
        JsonNode node = parse(request);
        if (!node.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The body must be a JSON object (one event)");
        }
        IncomingEvent event;
        try {
            event = read(node);
        } catch (EventRejected rejected) {
            // The shape is checked while reading: a single event's shape error is the request's 400.
            throw new ApiException(HttpStatus.BAD_REQUEST, rejected.code(), rejected.field(), rejected.getMessage());
        }
        EventOutcome outcome = record(List.of(event)).getFirst();
        return switch (outcome.status()) {
            case ACCEPTED -> ResponseEntity.status(HttpStatus.CREATED).body(view(outcome));
            case DUPLICATE -> ResponseEntity.ok(view(outcome));
            case REJECTED -> throw new ApiException(HttpStatus.BAD_REQUEST, outcome.code(), outcome.field(), outcome.detail());
        };
    }

    @PostMapping(path = "/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Record up to 1,000 usage events (JSON array)",
            description = "Never all-or-nothing: each event is accepted, duplicate or rejected (with code and param). "
                    + "Send Content-Encoding: gzip to compress. NDJSON is accepted with Content-Type application/x-ndjson.")
    BatchResult batch(HttpServletRequest request) {
        JsonNode body = parse(request);
        if (!body.isArray()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null,
                    "The body must be a JSON array of events (or NDJSON with Content-Type " + NDJSON + ")");
        }
        checkSize(body.size());
        List<Object> items = new ArrayList<>(body.size());
        body.forEach(items::add);
        return batch(items);
    }

    @PostMapping(path = "/batch", consumes = {NDJSON, "application/ndjson", "application/jsonl"})
    @PreAuthorize(Scopes.REQUIRE_USAGE_WRITE)
    @Operation(summary = "Record up to 1,000 usage events (NDJSON, one event per line)")
    BatchResult batchNdjson(HttpServletRequest request) {
        List<Object> items = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            while ((line = lines.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                checkSize(items.size() + 1);
                try {
                    items.add(json.readTree(line));
                } catch (JacksonException malformed) {
                    if (malformed.getCause() instanceof IOException) {
                        throw malformed;
                    }
                    items.add(new EventRejected("invalid_json", null, "line " + lineNumber + " is not valid JSON: "
                            + malformed.getOriginalMessage()));
                }
            }
        } catch (IOException | JacksonException unreadable) {
            throw unreadable(unreadable);
        }
        return batch(items);
    }

    /** Items are parsed events (JsonNode) or the reason a line could not be parsed. */
    private BatchResult batch(List<Object> items) {
        if (items.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The batch has no events");
        }
        EventRejected[] unreadable = new EventRejected[items.size()];
        List<IncomingEvent> readable = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            try {
                if (items.get(i) instanceof EventRejected rejected) {
                    throw rejected;
                }
                readable.add(read((JsonNode) items.get(i)));
            } catch (EventRejected rejected) {
                unreadable[i] = rejected;
            }
        }
        List<EventOutcome> recorded = readable.isEmpty() ? List.of() : record(readable);
        List<EventResult> results = new ArrayList<>(items.size());
        int next = 0;
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < items.size(); i++) {
            EventOutcome outcome = unreadable[i] != null ? EventOutcome.rejected(transactionId(items.get(i)), unreadable[i])
                    : recorded.get(next++);
            accepted += outcome.status() == EventOutcome.Status.ACCEPTED ? 1 : 0;
            duplicates += outcome.status() == EventOutcome.Status.DUPLICATE ? 1 : 0;
            results.add(new EventResult(i, outcome.transactionId(), outcome.status().apiName(), outcome.code(), outcome.field(),
                    outcome.detail()));
        }
        return new BatchResult("usage_event_batch", accepted, duplicates, items.size() - accepted - duplicates, results);
    }

    private List<EventOutcome> record(List<IncomingEvent> events) {
        try {
            return ingestion.record(events, EventSource.API);
        } catch (UsageNotRecordedException notRecorded) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "usage_not_recorded", null, notRecorded.getMessage());
        }
    }

    private IncomingEvent read(JsonNode node) {
        return EventJson.read(node, json);
    }

    private void checkSize(int events) {
        if (events > ingestion.maxBatchEvents()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "batch_too_large", null,
                    "A batch holds at most " + ingestion.maxBatchEvents() + " events; split it or use /v1/event-imports");
        }
    }

    private JsonNode parse(HttpServletRequest request) {
        try (InputStream body = request.getInputStream()) {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The request has no body");
            }
            return node;
        } catch (JacksonException malformed) {
            if (malformed.getCause() instanceof IOException) {
                throw unreadable(malformed);
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_json", null, "The body is not valid JSON: "
                    + malformed.getOriginalMessage() + location(malformed));
        } catch (IOException unreadable) {
            throw unreadable(unreadable);
        }
    }

    /** A body that could not be read: too large (413), not gzip although it said so, or cut off. */
    static ApiException unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "request_too_large", null, tooLarge.getMessage());
            }
            if (cause instanceof java.util.zip.ZipException || cause instanceof java.io.EOFException) {
                return new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null,
                        "The body is not valid gzip (Content-Encoding: gzip) or ends early: " + cause.getMessage());
            }
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The body could not be read: " + e.getMessage());
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String transactionId(Object item) {
        if (item instanceof JsonNode node && node.isObject() && node.get("transaction_id") instanceof JsonNode id && id.isString()) {
            return id.stringValue();
        }
        return null;
    }

    private static RecordedEvent view(EventOutcome outcome) {
        return new RecordedEvent("usage_event", outcome.transactionId(), outcome.status().apiName());
    }
}
