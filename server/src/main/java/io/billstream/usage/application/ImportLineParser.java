package io.billstream.usage.application;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.billstream.usage.domain.EventRejected;
import io.billstream.usage.domain.ImportColumns;
import io.billstream.usage.domain.ImportCsv;
import io.billstream.usage.domain.ImportLine;
import io.billstream.usage.domain.ImportMapping;
import io.billstream.usage.domain.ImportRejection;
import io.billstream.usage.domain.IncomingEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the lines of one import into events: an NDJSON line is read exactly like an event sent to
 * the API; a CSV row through the columns its mapping resolved. A line that cannot become an event
 * is a rejection, never a failed import.
 */
final class ImportLineParser {

    /** One line's event, or why it has none. */
    record Parsed(ImportLine line, IncomingEvent event, ImportRejection rejection) {
    }

    private final JsonMapper json;
    private final ImportCsv csv;
    private final int maxLineBytes;

    ImportLineParser(JsonMapper json, ImportCsv csv, int maxLineBytes) {
        this.json = json;
        this.csv = csv;
        this.maxLineBytes = maxLineBytes;
    }

    /** The column names of a header row; null when the row is not valid CSV. */
    static List<String> header(String row, char delimiter) {
        try {
            return csvReader(delimiter).ofSingleCsvRecord(row).getFields().stream().map(String::strip).toList();
        } catch (CsvParseException malformed) {
            return null;
        }
    }

    Parsed parse(ImportLine line) {
        return switch (line.defect()) {
            case TOO_LONG -> rejected(line, null, "line_too_long", null, "the line is longer than " + maxLineBytes + " bytes");
            case NOT_UTF8 -> rejected(line, null, "invalid_encoding", null, "the line is not valid UTF-8");
            case NONE -> csv == null ? json(line) : csv(line);
        };
    }

    private Parsed json(ImportLine line) {
        JsonNode node;
        try {
            node = json.readTree(line.text());
        } catch (JacksonException malformed) {
            return rejected(line, null, "invalid_json", null, "the line is not valid JSON: " + malformed.getOriginalMessage());
        }
        try {
            return new Parsed(line, EventJson.read(node, json), null);
        } catch (EventRejected rejected) {
            return rejected(line, transactionId(node), rejected.code(), rejected.field(), rejected.getMessage());
        }
    }

    private Parsed csv(ImportLine line) {
        CsvRecord row;
        try {
            row = csvReader(csv.delimiter()).ofSingleCsvRecord(line.text());
        } catch (CsvParseException malformed) {
            // The parser saw this row alone, so the line numbers it names mean nothing to the caller.
            String reason = malformed.getMessage().replaceFirst(" \\(record starting at line \\d+\\)$", "");
            return rejected(line, null, "invalid_csv_row", null, "the row is not valid CSV: " + reason);
        }
        ImportColumns columns = csv.columns();
        String transactionId = cell(row, columns.index(ImportMapping.TRANSACTION_ID));
        if (row.getFieldCount() != columns.header().size()) {
            return rejected(line, transactionId, "invalid_csv_row", null, "the row has " + row.getFieldCount()
                    + " fields; the header has " + columns.header().size());
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        columns.properties().forEach((name, index) -> {
            String value = cell(row, index);
            if (value != null) {
                properties.put(name, value);
            }
        });
        try {
            Instant timestamp = EventJson.timestamp(cell(row, columns.index(ImportMapping.TIMESTAMP)), ImportMapping.TIMESTAMP);
            return new Parsed(line, new IncomingEvent(transactionId, cell(row, columns.index(ImportMapping.CUSTOMER)),
                    cell(row, columns.index(ImportMapping.SUBSCRIPTION)), cell(row, columns.index(ImportMapping.CODE)), timestamp,
                    properties, json.writeValueAsString(properties), null), null);
        } catch (EventRejected rejected) {
            return rejected(line, transactionId, rejected.code(), rejected.field(), rejected.getMessage());
        }
    }

    /** A cell's text; null for an empty cell or a column the field is not mapped to. */
    private static String cell(CsvRecord row, int index) {
        if (index < 0 || index >= row.getFieldCount()) {
            return null;
        }
        String value = row.getField(index);
        return value.isEmpty() ? null : value;
    }

    private static CsvReader.CsvReaderBuilder csvReader(char delimiter) {
        // RFC 4180 with the caller's delimiter; a stray quote or text after a closing quote is a bad row, not a guess.
        return CsvReader.builder().fieldSeparator(delimiter).quoteCharacter('"').detectBomHeader(false)
                .allowUnclosedQuote(false);
    }

    private static String transactionId(JsonNode node) {
        JsonNode id = node == null || !node.isObject() ? null : node.get("transaction_id");
        return id != null && id.isString() ? id.stringValue() : null;
    }

    private static Parsed rejected(ImportLine line, String transactionId, String code, String field, String detail) {
        return new Parsed(line, null, ImportRejection.of(line, transactionId, code, field, detail));
    }
}
