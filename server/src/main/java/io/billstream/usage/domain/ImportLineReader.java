package io.billstream.usage.domain;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a stored import file line by line from a checkpoint, one chunk in memory at a time. A line
 * may be split across chunks; {@link #position()} after a line is where the next one starts, which
 * is what a checkpoint records.
 *
 * <p>For CSV a record ends at a line break outside quotes, so a quoted field may hold line breaks.
 * The record's fields are split by the CSV parser; this only finds where records end, because a
 * checkpoint needs the byte at which the next one starts, which a streaming parser does not tell.
 */
public final class ImportLineReader {

    /** The stored chunks of one file, by sequence number from 0; null past the last. */
    @FunctionalInterface
    public interface Chunks {
        byte[] chunk(int seq);
    }

    private enum Csv { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private static final byte QUOTE = '"';

    private final Chunks chunks;
    private final boolean csv;
    private final byte delimiter;
    private final int maxLineBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] data;
    private int seq;
    private int offset;
    private long line;
    private long bytesRead;
    private byte[] buffer = new byte[256];
    private int length;

    /**
     * @param delimiter    the CSV field delimiter, an ASCII character (ignored for NDJSON)
     * @param maxLineBytes longer lines are returned cut, as {@link ImportLine.Defect#TOO_LONG}
     */
    public ImportLineReader(Chunks chunks, ImportCheckpoint from, ImportFormat format, char delimiter, int maxLineBytes) {
        if (delimiter > 0x7f || delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter must be an ASCII character other than a quote or a line break");
        }
        this.chunks = chunks;
        this.csv = format == ImportFormat.CSV;
        this.delimiter = (byte) delimiter;
        this.maxLineBytes = maxLineBytes;
        this.seq = from.chunk();
        this.offset = from.offset();
        this.line = from.line();
        this.bytesRead = from.bytesRead();
    }

    /** Where the next line starts. */
    public ImportCheckpoint position() {
        if (data != null && offset == data.length) {
            return new ImportCheckpoint(seq + 1, 0, line, bytesRead);
        }
        return new ImportCheckpoint(seq, offset, line, bytesRead);
    }

    /** The next line that is not blank, or null at the end of the file. */
    public ImportLine next() {
        while (true) {
            ImportLine next = readLine();
            if (next == null || !next.blank()) {
                return next;
            }
        }
    }

    private ImportLine readLine() {
        if (!available()) {
            return null;
        }
        long number = line;
        length = 0;
        boolean tooLong = false;
        Csv state = Csv.FIELD_START;
        while (available()) {
            byte b = data[offset++];
            bytesRead++;
            if (b == '\n') {
                line++;
                // A line break inside quotes belongs to the field, unless the record is already too
                // long: then an unclosed quote must not swallow the rest of the file.
                if (!csv || state != Csv.QUOTED || tooLong) {
                    break;
                }
            } else if (csv) {
                state = next(state, b);
            }
            if (length < maxLineBytes) {
                append(b);
            } else {
                tooLong = true;
            }
        }
        if (!tooLong && length > 0 && buffer[length - 1] == '\r') {
            length--;
        }
        if (tooLong) {
            return new ImportLine(number, new String(buffer, 0, length, StandardCharsets.UTF_8), ImportLine.Defect.TOO_LONG);
        }
        try {
            return new ImportLine(number, utf8.reset().decode(ByteBuffer.wrap(buffer, 0, length)).toString(), ImportLine.Defect.NONE);
        } catch (CharacterCodingException notUtf8) {
            return new ImportLine(number, new String(buffer, 0, length, StandardCharsets.UTF_8), ImportLine.Defect.NOT_UTF8);
        }
    }

    private Csv next(Csv state, byte b) {
        return switch (state) {
            case FIELD_START -> b == QUOTE ? Csv.QUOTED : b == delimiter ? Csv.FIELD_START : Csv.UNQUOTED;
            case UNQUOTED -> b == delimiter ? Csv.FIELD_START : Csv.UNQUOTED;
            case QUOTED -> b == QUOTE ? Csv.QUOTE_IN_QUOTED : Csv.QUOTED;
            // "" is an escaped quote; anything but a delimiter after a closing quote is malformed, left to the parser.
            case QUOTE_IN_QUOTED -> b == QUOTE ? Csv.QUOTED : b == delimiter ? Csv.FIELD_START : Csv.UNQUOTED;
        };
    }

    /** Whether a byte is there to read, loading the next chunk when this one is used up. */
    private boolean available() {
        if (data == null) {
            data = chunks.chunk(seq); // the checkpoint's chunk, read from the checkpoint's offset
            if (data == null) {
                return false;
            }
            // Stored chunks are the configured size (1 KB at least) but for the last, so the first holds a
            // byte order mark whole if the file has one.
            if (seq == 0 && offset == 0 && bytesRead == 0 && startsWithByteOrderMark(data)) {
                offset = 3;
                bytesRead = 3;
            }
        }
        while (offset == data.length) {
            byte[] next = chunks.chunk(seq + 1);
            if (next == null) {
                return false;
            }
            data = next;
            seq++;
            offset = 0;
        }
        return true;
    }

    private static boolean startsWithByteOrderMark(byte[] chunk) {
        return chunk.length >= 3 && chunk[0] == (byte) 0xEF && chunk[1] == (byte) 0xBB && chunk[2] == (byte) 0xBF;
    }

    private void append(byte b) {
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, Math.max(maxLineBytes, 1)));
        }
        buffer[length++] = b;
    }
}
