package io.billstream.usage.domain;

/**
 * Where the first line not yet processed starts: byte {@code offset} of chunk {@code chunk}, line
 * number {@code line} of the file (1-based), after {@code bytesRead} bytes. Committed with the events
 * of the lines before it, so a resumed import starts exactly there.
 */
public record ImportCheckpoint(int chunk, int offset, long line, long bytesRead) {

    public static final ImportCheckpoint START = new ImportCheckpoint(0, 0, 1, 0);
}
