package io.billstream.invoicing.domain;

/** Invoice numbers: the tenant's prefix, the year of issue and a gap-free counter, e.g. {@code INV-2026-000042}. */
public final class InvoiceNumber {

    private InvoiceNumber() {
    }

    public static String format(String prefix, int year, long sequence) {
        if (sequence < 1) {
            throw new IllegalArgumentException("invoice numbers count from 1, got " + sequence);
        }
        return "%s-%d-%06d".formatted(prefix, year, sequence);
    }
}
