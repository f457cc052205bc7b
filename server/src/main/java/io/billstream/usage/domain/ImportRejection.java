package io.billstream.usage.domain;

/**
 * A line of an import that did not become an event: its line number in the file, the transaction ID
 * when one could be read, why ({@code code} and {@code field} as for a rejected event of the API),
 * and the line itself, cut to {@link #MAX_RAW_LINE} characters.
 */
public record ImportRejection(long line, String transactionId, String code, String field, String detail, String rawLine) {

    public static final int MAX_RAW_LINE = 1000;
    private static final int MAX_TRANSACTION_ID = 255;
    private static final int MAX_DETAIL = 1000;

    public static ImportRejection of(ImportLine line, String transactionId, String code, String field, String detail) {
        return new ImportRejection(line.number(), transactionId == null ? null : storable(transactionId, MAX_TRANSACTION_ID),
                code, field, storable(detail, MAX_DETAIL), storable(line.text(), MAX_RAW_LINE));
    }

    /** Cut to {@code max} characters (marked with an ellipsis), without NUL, which PostgreSQL text cannot hold. */
    private static String storable(String text, int max) {
        String cut = text.length() <= max ? text
                : text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max) + "…";
        return cut.replace('\0', '\uFFFD');
    }
}
