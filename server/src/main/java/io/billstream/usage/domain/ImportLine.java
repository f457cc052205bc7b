package io.billstream.usage.domain;

/**
 * One line of an import file (for CSV, one record: a quoted field may span lines), without its line
 * break. {@code number} is the line it starts on. A line that is too long holds only its beginning;
 * one that is not UTF-8 holds its text with the bad bytes replaced.
 */
public record ImportLine(long number, String text, Defect defect) {

    public enum Defect {
        NONE, TOO_LONG, NOT_UTF8
    }

    public boolean blank() {
        return defect == Defect.NONE && text.isBlank();
    }
}
