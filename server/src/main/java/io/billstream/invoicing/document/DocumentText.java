package io.billstream.invoicing.document;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The wording both documents share: titles, dates in the customer's zone, party blocks, tax rates. */
final class DocumentText {

    static final String DRAFT = "DRAFT";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM uuuu", Locale.ENGLISH);

    private DocumentText() {
    }

    static String number(InvoiceDocument invoice) {
        return invoice.number() == null ? DRAFT : invoice.number();
    }

    static String title(InvoiceDocument invoice) {
        return "Invoice " + number(invoice);
    }

    /** "paid", "pending_tax" → "Paid", "Pending tax". */
    static String status(String status) {
        if (status == null || status.isBlank()) {
            return "";
        }
        String words = status.replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static String date(Instant instant, InvoiceDocument invoice) {
        return instant == null ? "" : DATE.format(instant.atZone(zone(invoice)));
    }

    /**
     * A period as a person reads it: both days inclusive. Periods end exclusively, usually at
     * midnight, so a period ending at 1 April 00:00 prints as ending on 31 March.
     */
    static String period(Instant start, Instant endExclusive, InvoiceDocument invoice) {
        if (start == null || endExclusive == null) {
            return "";
        }
        ZonedDateTime end = endExclusive.atZone(zone(invoice));
        if (end.toLocalTime().equals(LocalTime.MIDNIGHT) && endExclusive.isAfter(start)) {
            end = end.minusDays(1);
        }
        return DATE.format(start.atZone(zone(invoice))) + " – " + DATE.format(end);
    }

    /** "8.875" → "8.875%"; "20.0000" → "20%". */
    static String percentage(String percentage) {
        return percentage == null ? "" : DocumentMoney.quantity(percentage) + "%";
    }

    static String taxTreatment(boolean inclusive) {
        return inclusive ? "inclusive" : "exclusive";
    }

    /** The lines under a party's name: address, e-mail, tax ID. */
    static List<String> partyDetails(InvoiceDocument.Party party) {
        List<String> lines = new ArrayList<>();
        if (party == null) {
            return lines;
        }
        for (String line : party.addressLines()) {
            if (line != null && !line.isBlank()) {
                lines.add(line);
            }
        }
        if (party.email() != null && !party.email().isBlank()) {
            lines.add(party.email());
        }
        if (party.taxId() != null && !party.taxId().isBlank()) {
            lines.add("Tax ID: " + party.taxId());
        }
        return lines;
    }

    static String partyName(InvoiceDocument.Party party) {
        return party == null || party.name() == null ? "" : party.name();
    }

    /** A breakdown row's description: its label, and its flat fee when it has one. */
    static String breakdownLabel(InvoiceDocument.BreakdownRow row, String currency) {
        String label = row.label() == null ? "" : row.label();
        if (row.flatFee() != null && new BigDecimal(row.flatFee()).signum() != 0) {
            label += " · flat fee " + DocumentMoney.formatExact(row.flatFee(), currency);
        }
        return label;
    }

    private static ZoneId zone(InvoiceDocument invoice) {
        return invoice.timezone() == null || invoice.timezone().isBlank() ? ZoneOffset.UTC : ZoneId.of(invoice.timezone());
    }
}
