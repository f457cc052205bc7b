package io.billstream.usage.domain;

/** How a CSV import's rows read: the header's columns resolved for each field, and the delimiter. */
public record ImportCsv(ImportColumns columns, char delimiter) {
}
