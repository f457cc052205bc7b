package io.billstream.usage.application;

import java.time.Instant;
import java.util.Map;

import io.billstream.platform.web.ListPage;
import io.billstream.usage.domain.EventImport;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * An import as the API shows it. {@code mapping} and {@code delimiter} only for CSV;
 * {@code rejections} (the first rejected lines, continued by {@code GET .../rejections}) only when
 * one import is retrieved, null in lists.
 */
@JacksonXmlRootElement(localName = "event_import")
public record EventImportView(String id, String object, String status, String format, Map<String, String> mapping,
                              String delimiter, long bytes, long bytesProcessed, long linesRead, long accepted, long duplicates,
                              long rejected, String failureCode, String failureReason, Instant createdAt, Instant startedAt,
                              Instant completedAt, ListPage<ImportRejectionView> rejections) {

    public static EventImportView of(EventImport eventImport, ListPage<ImportRejectionView> rejections) {
        var csv = eventImport.csv();
        var counts = eventImport.counts();
        return new EventImportView(eventImport.id(), "event_import", eventImport.status().apiName(), eventImport.format().apiName(),
                csv == null ? null : csv.columns().mapping(), csv == null ? null : String.valueOf(csv.delimiter()),
                eventImport.bytes(), eventImport.checkpoint().bytesRead(), counts.linesRead(), counts.accepted(), counts.duplicates(),
                counts.rejected(), eventImport.failureCode(), eventImport.failureReason(), eventImport.createdAt(),
                eventImport.startedAt(), eventImport.completedAt(), rejections);
    }
}
