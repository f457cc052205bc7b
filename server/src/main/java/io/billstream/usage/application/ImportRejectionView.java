package io.billstream.usage.application;

import io.billstream.usage.domain.ImportRejection;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A rejected line: {@code code}, {@code param} and {@code detail} as for a rejected event of a batch. */
@JacksonXmlRootElement(localName = "event_import_rejection")
public record ImportRejectionView(String object, long line, String transactionId, String code, String param, String detail,
                                  String rawLine) {

    public static ImportRejectionView of(ImportRejection rejection) {
        return new ImportRejectionView("event_import_rejection", rejection.line(), rejection.transactionId(), rejection.code(),
                rejection.field(), rejection.detail(), rejection.rawLine());
    }
}
