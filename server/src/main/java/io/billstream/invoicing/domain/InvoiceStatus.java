package io.billstream.invoicing.domain;

import java.util.Arrays;
import java.util.Locale;

import io.billstream.platform.domain.InvalidValueException;

/**
 * {@code draft}: editable, amounts may still change; {@code pending_tax}: waiting for an external tax
 * system's tax lines; {@code finalized}: numbered, frozen and owed; then {@code paid}, {@code void}
 * (cancelled, nothing owed) or {@code uncollectible} (written off). Only drafts change amounts; a
 * finalised invoice is corrected only by credit notes.
 */
public enum InvoiceStatus {
    DRAFT, PENDING_TAX, FINALIZED, PAID, VOID, UNCOLLECTIBLE;

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Numbered and frozen: every status from finalized on. */
    public boolean issued() {
        return this == FINALIZED || this == PAID || this == VOID || this == UNCOLLECTIBLE;
    }

    /** Issued and still owed, whether or not written off: what a payment is applied to. */
    public boolean collectible() {
        return this == FINALIZED || this == UNCOLLECTIBLE;
    }

    public static InvoiceStatus of(String apiName) {
        return valueOf(apiName.toUpperCase(Locale.ROOT));
    }

    public static InvoiceStatus parse(String value, String field) {
        return Arrays.stream(values()).filter(s -> s.apiName().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidValueException(field, "must be one of "
                        + Arrays.stream(values()).map(InvoiceStatus::apiName).toList()));
    }
}
