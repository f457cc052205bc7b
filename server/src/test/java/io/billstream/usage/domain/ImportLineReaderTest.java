package io.billstream.usage.domain;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImportLineReaderTest {

    private static final int MAX_LINE = 64;

    @Test
    void lines_split_across_chunks_are_read_whole_whatever_the_chunk_size() {
        String file = "{\"a\":1}\n{\"b\":\"é€😀\"}\r\n\n   \n{\"c\":3}";
        for (int chunkSize = 1; chunkSize <= file.length() + 1; chunkSize++) {
            List<ImportLine> lines = readAll(chunks(file, chunkSize), ImportCheckpoint.START, ImportFormat.NDJSON);
            assertThat(lines).as("chunks of %d bytes", chunkSize).containsExactly(
                    new ImportLine(1, "{\"a\":1}", ImportLine.Defect.NONE),
                    new ImportLine(2, "{\"b\":\"é€😀\"}", ImportLine.Defect.NONE),
                    new ImportLine(5, "{\"c\":3}", ImportLine.Defect.NONE));
        }
    }

    @Test
    void a_reader_started_at_any_checkpoint_reads_exactly_the_lines_after_it() {
        String file = "l1\nl2 é\r\n\nl4\n\"q\"\nl6 😀\nl7";
        for (int chunkSize = 1; chunkSize <= 8; chunkSize++) {
            byte[][] chunks = chunks(file, chunkSize);
            ImportLineReader reader = reader(chunks, ImportCheckpoint.START, ImportFormat.NDJSON);
            List<ImportLine> all = new ArrayList<>();
            List<ImportCheckpoint> after = new ArrayList<>();
            for (ImportLine line = reader.next(); line != null; line = reader.next()) {
                all.add(line);
                after.add(reader.position());
            }
            assertThat(all).extracting(ImportLine::text).containsExactly("l1", "l2 é", "l4", "\"q\"", "l6 😀", "l7");
            for (int i = 0; i < after.size(); i++) {
                assertThat(readAll(chunks, after.get(i), ImportFormat.NDJSON)).as("resumed after line %d, chunks of %d", i, chunkSize)
                        .isEqualTo(all.subList(i + 1, all.size()));
            }
            assertThat(after.getLast().bytesRead()).isEqualTo(file.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void a_csv_record_continues_over_line_breaks_inside_quotes_and_is_numbered_by_its_first_line() {
        String file = "id,note,n\r\na1,\"two\r\nlines, \"\"quoted\"\"\",1\r\na2,plain,2\r\n\"a3\",\"\",3\n";
        List<ImportLine> lines = readAll(chunks(file, 5), ImportCheckpoint.START, ImportFormat.CSV);
        assertThat(lines).extracting(ImportLine::number, ImportLine::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "id,note,n"),
                org.assertj.core.groups.Tuple.tuple(2L, "a1,\"two\r\nlines, \"\"quoted\"\"\",1"),
                org.assertj.core.groups.Tuple.tuple(4L, "a2,plain,2"),
                org.assertj.core.groups.Tuple.tuple(5L, "\"a3\",\"\",3"));
    }

    @Test
    void a_quote_inside_an_unquoted_csv_field_does_not_join_lines() {
        List<ImportLine> lines = readAll(chunks("a,5\" screen,1\nb,2,3\n", 4), ImportCheckpoint.START, ImportFormat.CSV);
        assertThat(lines).extracting(ImportLine::text).containsExactly("a,5\" screen,1", "b,2,3");
    }

    @Test
    void the_csv_delimiter_decides_where_a_quoted_field_may_start() {
        byte[][] chunks = chunks("a;\"x\ny\";1\nb;2;3\n", 3);
        ImportLineReader reader = new ImportLineReader(seq -> seq < chunks.length ? chunks[seq] : null, ImportCheckpoint.START,
                ImportFormat.CSV, ';', MAX_LINE);
        assertThat(reader.next().text()).isEqualTo("a;\"x\ny\";1");
        assertThat(reader.next().text()).isEqualTo("b;2;3");
        assertThat(reader.next()).isNull();
    }

    @Test
    void a_line_longer_than_the_limit_is_cut_and_flagged_and_the_next_line_is_read_normally() {
        String longLine = "x".repeat(MAX_LINE * 3);
        List<ImportLine> lines = readAll(chunks("first\n" + longLine + "\nnext\n", 7), ImportCheckpoint.START, ImportFormat.NDJSON);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).defect()).isEqualTo(ImportLine.Defect.TOO_LONG);
        assertThat(lines.get(1).text()).hasSize(MAX_LINE);
        assertThat(lines.get(2)).isEqualTo(new ImportLine(3, "next", ImportLine.Defect.NONE));
    }

    @Test
    void an_unclosed_csv_quote_swallows_at_most_one_over_long_record() {
        String file = "a,\"never closed\n" + "y".repeat(MAX_LINE * 2) + "\nb,1,2\n";
        List<ImportLine> lines = readAll(chunks(file, 10), ImportCheckpoint.START, ImportFormat.CSV);
        assertThat(lines).extracting(ImportLine::defect).containsExactly(ImportLine.Defect.TOO_LONG, ImportLine.Defect.NONE);
        assertThat(lines.get(1)).isEqualTo(new ImportLine(3, "b,1,2", ImportLine.Defect.NONE));
    }

    @Test
    void bytes_that_are_not_utf8_are_flagged_on_their_line_only() {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("ok\nbad ".getBytes(StandardCharsets.UTF_8));
        file.write(0xC3);
        file.write(0x28);
        file.writeBytes("\nok again\n".getBytes(StandardCharsets.UTF_8));
        List<ImportLine> lines = readAll(split(file.toByteArray(), 4), ImportCheckpoint.START, ImportFormat.NDJSON);
        assertThat(lines).extracting(ImportLine::defect)
                .containsExactly(ImportLine.Defect.NONE, ImportLine.Defect.NOT_UTF8, ImportLine.Defect.NONE);
        assertThat(lines.get(2).text()).isEqualTo("ok again");
    }

    @Test
    void a_byte_order_mark_at_the_start_of_the_file_is_skipped() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "id,n\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = Arrays.copyOf(bom, bom.length + text.length);
        System.arraycopy(text, 0, file, bom.length, text.length);
        ImportLineReader reader = reader(split(file, 4), ImportCheckpoint.START, ImportFormat.CSV);
        assertThat(reader.next().text()).isEqualTo("id,n");
        assertThat(reader.position()).isEqualTo(new ImportCheckpoint(2, 0, 2, 8));
        assertThat(reader.next().text()).isEqualTo("1,2");
    }

    @Test
    void an_empty_file_and_a_file_of_blank_lines_have_no_lines() {
        assertThat(readAll(new byte[0][], ImportCheckpoint.START, ImportFormat.NDJSON)).isEmpty();
        assertThat(readAll(chunks("\n \r\n\t\n", 2), ImportCheckpoint.START, ImportFormat.CSV)).isEmpty();
    }

    private static List<ImportLine> readAll(byte[][] chunks, ImportCheckpoint from, ImportFormat format) {
        ImportLineReader reader = reader(chunks, from, format);
        List<ImportLine> lines = new ArrayList<>();
        for (ImportLine line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }

    private static ImportLineReader reader(byte[][] chunks, ImportCheckpoint from, ImportFormat format) {
        return new ImportLineReader(seq -> seq < chunks.length ? chunks[seq] : null, from, format, ',', MAX_LINE);
    }

    private static byte[][] chunks(String file, int size) {
        return split(file.getBytes(StandardCharsets.UTF_8), size);
    }

    private static byte[][] split(byte[] file, int size) {
        List<byte[]> chunks = new ArrayList<>();
        for (int start = 0; start < file.length; start += size) {
            chunks.add(Arrays.copyOfRange(file, start, Math.min(file.length, start + size)));
        }
        return chunks.toArray(byte[][]::new);
    }
}
