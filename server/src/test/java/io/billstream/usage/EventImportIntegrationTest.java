package io.billstream.usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Imports of NDJSON and CSV files through the real API: what each line became, and what was stored. */
class EventImportIntegrationTest extends BillingIntegrationTest {

    static final String CSV_MAPPING = "?mapping.transaction_id=txn&mapping.external_customer_id=customer&mapping.code=metric"
            + "&mapping.timestamp=ts&mapping.properties.region=region&mapping.properties.gb=gb";

    @Autowired
    JdbcClient jdbc;

    private TenantFixture tenant;
    private Imports imports;

    @BeforeEach
    void catalogAndCustomer() {
        tenant = newTenant();
        imports = new Imports(api, tenant.adminKey());
        imports.meter(1);
    }

    @Test
    void an_ndjson_import_reports_each_line_accepted_duplicate_or_rejected_with_its_reason() {
        Instant hourAgo = Instant.ofEpochMilli(System.currentTimeMillis()).minusSeconds(3600);
        assertThat(api.post("/v1/events", tenant.adminKey(),
                "{\"transaction_id\":\"sent-before\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}").status())
                .isEqualTo(201);
        String file = String.join("\n",
                "{\"transaction_id\":\"n-1\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\",\"timestamp\":\"" + hourAgo + "\"}",
                "{\"transaction_id\":\"n-2\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\",\"timestamp\":"
                        + hourAgo.getEpochSecond() + "}",
                "",
                "{\"transaction_id\":\"n-1\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}",
                "{\"transaction_id\":\"n-3\",\"external_customer_id\":",
                "{\"transaction_id\":\"n-4\",\"external_customer_id\":\"nobody\",\"code\":\"api_calls\"}",
                "{\"transaction_id\":\"n-5\",\"external_customer_id\":\"customer-0\",\"code\":\"no_such_metric\"}",
                "{\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}",
                "{\"transaction_id\":\"n-6\",\"external_customer_id\":\"customer-0\",\"code\":\"storage\",\"properties\":{\"gb\":\"lots\"}}",
                "{\"transaction_id\":\"n-7\",\"external_customer_id\":\"customer-0\",\"code\":\"storage\",\"properties\":{\"gb\":\"2.5\"}}",
                "{\"transaction_id\":\"sent-before\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}",
                "{\"transaction_id\":\"n-8\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\",\"timestamp\":\"2020-01-01T00:00:00Z\"}",
                "[1,2]") + "\n";

        ApiResponse response = imports.upload(Imports.NDJSON, "", file.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode queued = response.json();
        assertThat(queued.get("object").asString()).isEqualTo("event_import");
        assertThat(queued.get("status").asString()).isEqualTo("queued");
        assertThat(queued.get("format").asString()).isEqualTo("ndjson");
        assertThat(queued.get("bytes").asLong()).isEqualTo(file.getBytes(StandardCharsets.UTF_8).length);
        assertThat(response.header("Location")).endsWith("/v1/event-imports/" + queued.get("id").asString());

        JsonNode done = imports.awaitFinished(queued.get("id").asString());
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertCounts(done, 12, 3, 2, 7);
        assertThat(done.get("bytes_processed").asLong()).isEqualTo(done.get("bytes").asLong());
        assertThat(done.get("started_at").isNull()).isFalse();
        assertThat(done.get("completed_at").isNull()).isFalse();
        JsonNode rejections = done.get("rejections");
        assertThat(rejections.get("has_more").asBoolean()).isFalse();
        assertThat(rows(rejections.get("data"))).containsExactly(
                tuple(5L, null, "invalid_json", null),
                tuple(6L, "n-4", "customer_unknown", "external_customer_id"),
                tuple(7L, "n-5", "metric_unknown", "code"),
                tuple(8L, null, "parameter_missing", "transaction_id"),
                tuple(9L, "n-6", "property_not_numeric", "properties.gb"),
                tuple(12L, "n-8", "timestamp_too_old", "timestamp"),
                tuple(13L, null, "invalid_body", null));
        JsonNode first = rejections.get("data").get(0);
        assertThat(first.get("raw_line").asString()).isEqualTo("{\"transaction_id\":\"n-3\",\"external_customer_id\":");
        assertThat(first.get("detail").asString()).startsWith("the line is not valid JSON");

        String importId = done.get("id").asString();
        assertThat(stored("SELECT count(*) FROM usage_events WHERE import_id = ? AND source = 'import'", importId)).isEqualTo(3);
        assertThat(stored("SELECT count(*) FROM usage_events WHERE transaction_id = 'n-7' AND value = 2.5 AND import_id = ?", importId))
                .isEqualTo(1);

        // The rejections page on in line order.
        List<Long> lines = new ArrayList<>();
        String cursor = "";
        do {
            JsonNode page = ok(api.get("/v1/event-imports/" + importId + "/rejections?limit=3" + cursor, tenant.adminKey()));
            assertThat(page.get("data").size()).isLessThanOrEqualTo(3);
            page.get("data").forEach(rejection -> lines.add(rejection.get("line").asLong()));
            cursor = page.get("has_more").asBoolean() ? "&cursor=" + page.get("next_cursor").asString() : null;
        } while (cursor != null);
        assertThat(lines).containsExactly(5L, 6L, 7L, 8L, 9L, 12L, 13L);

        // A batch job that sends the whole file again counts nothing twice.
        JsonNode again = imports.awaitFinished(imports.upload(Imports.NDJSON, "", file.getBytes(StandardCharsets.UTF_8)).field("id"));
        assertCounts(again, 12, 0, 5, 7);
        assertThat(stored("SELECT count(*) FROM usage_events")).isEqualTo(4);
        JsonNode list = ok(api.get("/v1/event-imports", tenant.adminKey()));
        assertThat(list.get("data")).extracting(item -> item.get("id").asString()).containsExactly(again.get("id").asString(), importId);
        assertThat(list.get("data").get(0).get("rejections").isNull()).isTrue();
    }

    @Test
    void a_csv_import_reads_each_field_from_its_mapped_column() {
        Instant hourAgo = Instant.ofEpochMilli(System.currentTimeMillis()).minusSeconds(3600);
        String file = String.join("\r\n",
                "txn,customer,metric,ts,region,gb",
                "c-1,customer-0,storage," + hourAgo + ",eu,1.5",
                "c-2,customer-0,storage," + hourAgo.getEpochSecond() + ",\"us, east\",2",
                "c-3,customer-0,api_calls," + hourAgo + ",\"two",
                "lines\",",
                "c-4,customer-0,storage,,eu,plenty",
                "c-5,customer-0",
                "c-6,customer-0,storage,yesterday,eu,1",
                "c-1,customer-0,storage," + hourAgo + ",eu,9",
                ",customer-0,api_calls," + hourAgo + ",eu,",
                "c-7,customer-0,\"api_calls," + hourAgo + ",eu,1") + "\r\n";

        ApiResponse response = imports.upload("text/csv", CSV_MAPPING, file.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("format").asString()).isEqualTo("csv");
        assertThat(response.json().get("delimiter").asString()).isEqualTo(",");
        assertThat(response.json().get("mapping").get("properties.region").asString()).isEqualTo("region");

        JsonNode done = imports.awaitFinished(response.field("id"));
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertCounts(done, 9, 3, 1, 5);
        assertThat(rows(done.get("rejections").get("data"))).containsExactly(
                tuple(6L, "c-4", "property_not_numeric", "properties.gb"),
                tuple(7L, "c-5", "invalid_csv_row", null),
                tuple(8L, "c-6", "parameter_invalid", "timestamp"),
                tuple(10L, null, "parameter_missing", "transaction_id"),
                tuple(11L, null, "invalid_csv_row", null));
        assertThat(done.get("rejections").get("data").get(1).get("detail").asString()).isEqualTo("the row has 2 fields; the header has 6");

        assertThat(stored("SELECT count(*) FROM usage_events WHERE transaction_id = 'c-2' AND value = 2"
                + " AND properties = '{\"region\":\"us, east\",\"gb\":\"2\"}'::jsonb AND occurred_at = ?::timestamptz",
                Instant.ofEpochSecond(hourAgo.getEpochSecond()).toString())).isEqualTo(1);
        assertThat(stored("SELECT count(*) FROM usage_events WHERE transaction_id = 'c-3' AND metric_code = 'api_calls'"
                + " AND properties = '{\"region\":\"two\\r\\nlines\"}'::jsonb")).isEqualTo(1);
        assertThat(stored("SELECT count(*) FROM usage_events WHERE transaction_id = 'c-1' AND value = 1.5")).isEqualTo(1);
    }

    @Test
    void a_csv_mapping_is_checked_against_the_header_before_anything_is_stored() {
        String file = "txn,customer,metric\nc-1,customer-0,api_calls\n";
        ApiResponse absentColumn = imports.upload("text/csv",
                "?mapping.transaction_id=txn&mapping.external_customer_id=customer&mapping.code=metrics", file.getBytes(StandardCharsets.UTF_8));
        assertProblem(absentColumn, 400, "parameter_invalid", "mapping.code");
        assertThat(absentColumn.field("detail")).contains("no column named metrics").contains("txn, customer, metric");
        assertProblem(imports.upload("text/csv", "", file.getBytes(StandardCharsets.UTF_8)), 400, "parameter_invalid",
                "mapping.transaction_id");
        assertProblem(imports.upload("text/csv", "?mapping.customer=customer", file.getBytes(StandardCharsets.UTF_8)), 400,
                "parameter_invalid", "mapping.customer");
        assertProblem(imports.upload("text/csv", CSV_MAPPING, new byte[0]), 400, "invalid_body", null);
        assertProblem(imports.upload("text/csv", CSV_MAPPING + "&delimiter=ab", file.getBytes(StandardCharsets.UTF_8)), 400,
                "parameter_invalid", "delimiter");
        assertProblem(imports.upload(Imports.NDJSON, "?mapping.code=metric", "{}\n".getBytes(StandardCharsets.UTF_8)), 400,
                "parameter_invalid", "mapping.code");
        assertProblem(imports.upload("text/csv; charset=ISO-8859-1", CSV_MAPPING, file.getBytes(StandardCharsets.UTF_8)), 415,
                "charset_unsupported", "Content-Type");
        assertThat(ok(api.get("/v1/event-imports", tenant.adminKey())).get("data")).as("nothing was stored").isEmpty();
        assertThat(stored("SELECT count(*) FROM event_import_chunks")).isZero();

        // Columns named like the event's fields need no mapping; the delimiter is the caller's.
        String named = "transaction_id;external_customer_id;code;properties.gb\nd-1;customer-0;storage;4\n";
        JsonNode done = imports.awaitFinished(imports.upload("text/csv", "?delimiter=;", named.getBytes(StandardCharsets.UTF_8)).field("id"));
        assertCounts(done, 1, 1, 0, 0);
        assertThat(stored("SELECT count(*) FROM usage_events WHERE transaction_id = 'd-1' AND value = 4")).isEqualTo(1);
    }

    @Test
    void a_gzip_upload_is_stored_and_counted_decompressed() {
        byte[] file = Imports.ndjson(2_000, i -> "{\"transaction_id\":\"g-" + i + "\",\"external_customer_id\":\"customer-0\","
                + "\"code\":\"storage\",\"properties\":{\"gb\":" + i + "}}");
        byte[] compressed = gzip(file);
        assertThat(compressed.length).isLessThan(file.length / 4);
        ApiResponse response = imports.upload(Imports.NDJSON, "", compressed, "Content-Encoding", "gzip");
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        JsonNode done = imports.awaitFinished(response.field("id"));
        assertThat(done.get("bytes").asLong()).isEqualTo(file.length);
        assertCounts(done, 2_000, 2_000, 0, 0);
        assertThat(stored("SELECT sum(value) FROM usage_events WHERE metric_code = 'storage'")).isEqualTo(1999L * 2000 / 2);

        ApiResponse notGzip = imports.upload(Imports.NDJSON, "", file, "Content-Encoding", "gzip");
        assertProblem(notGzip, 400, "invalid_body", null);
    }

    @Test
    void an_upload_cut_short_stores_nothing_and_leaves_its_idempotency_key_free() {
        byte[] file = Imports.ndjson(2_000, i -> "{\"transaction_id\":\"cut-" + i + "\",\"external_customer_id\":\"customer-0\","
                + "\"code\":\"api_calls\",\"properties\":{\"note\":\"" + "x".repeat(600) + "\"}}");
        byte[] compressed = gzip(file);
        byte[] cut = java.util.Arrays.copyOf(compressed, compressed.length * 9 / 10);
        assertThat(file.length * 9 / 10).as("the cut comes after the first stored chunk").isGreaterThan(1024 * 1024);

        ApiResponse failed = imports.upload(Imports.NDJSON, "", cut, "Content-Encoding", "gzip", "Idempotency-Key", "job-7");
        assertProblem(failed, 400, "invalid_body", null);
        JsonNode abandoned = ok(api.get("/v1/event-imports", tenant.adminKey())).get("data").get(0);
        assertThat(abandoned.get("status").asString()).isEqualTo("failed");
        assertThat(abandoned.get("failure_code").asString()).isEqualTo("upload_incomplete");
        assertCounts(abandoned, 0, 0, 0, 0);
        assertThat(stored("SELECT count(*) FROM event_import_chunks")).isZero();

        ApiResponse retried = imports.upload(Imports.NDJSON, "", compressed, "Content-Encoding", "gzip", "Idempotency-Key", "job-7");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(retried.header("Idempotent-Replayed")).isNull();
        assertThat(retried.field("id")).isNotEqualTo(abandoned.get("id").asString());
        assertCounts(imports.awaitFinished(retried.field("id")), 2_000, 2_000, 0, 0);
    }

    @Test
    void a_large_file_streams_through_in_chunks_and_every_line_counts_once() {
        int lines = 50_000;
        imports.meter(10);
        // Every 100th line repeats the transaction ID of the line before it.
        IntFunction<String> line = i -> "{\"transaction_id\":\"big-" + (i % 100 == 99 ? i - 1 : i) + "\",\"external_customer_id\":\"customer-"
                + (i % 10) + "\",\"code\":\"storage\",\"properties\":{\"gb\":\"" + (i % 7) + "\",\"region\":\"eu-west-1\"}}";
        long bytes = 0;
        for (int i = 0; i < lines; i++) {
            bytes += line.apply(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        ApiResponse response = imports.uploadStream(Imports.NDJSON, "", () -> new LineStream(lines, line));
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        assertThat(response.json().get("bytes").asLong()).isEqualTo(bytes);
        String importId = response.field("id");
        assertThat(bytes).as("several chunks").isGreaterThan(5L * 1024 * 1024);

        JsonNode done = imports.awaitFinished(importId);
        assertCounts(done, lines, lines - lines / 100, lines / 100, 0);
        assertThat(stored("SELECT count(DISTINCT transaction_id) FROM usage_events WHERE import_id = ?", importId))
                .isEqualTo(lines - lines / 100);
        assertThat(stored("SELECT count(*) FROM event_import_chunks WHERE import_id = ?", importId))
                .as("the file is deleted once processed").isZero();
    }

    @Test
    void a_retried_upload_with_the_same_idempotency_key_gets_the_first_import() {
        byte[] file = Imports.ndjson(10, i -> "{\"transaction_id\":\"k-" + i + "\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}");
        ApiResponse first = imports.upload(Imports.NDJSON, "", file, "Idempotency-Key", "nightly-2026-11-21");
        assertThat(first.status()).isEqualTo(202);
        ApiResponse retry = imports.upload(Imports.NDJSON, "", file, "Idempotency-Key", "nightly-2026-11-21");
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.field("id")).isEqualTo(first.field("id"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        byte[] other = Imports.ndjson(11, i -> "{\"transaction_id\":\"k-" + i + "\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}");
        assertProblem(imports.upload(Imports.NDJSON, "", other, "Idempotency-Key", "nightly-2026-11-21"), 422, "idempotency_key_reused",
                "Idempotency-Key");
        assertCounts(imports.awaitFinished(first.field("id")), 10, 10, 0, 0);
        assertThat(ok(api.get("/v1/event-imports", tenant.adminKey())).get("data")).hasSize(1);
    }

    @Test
    void imports_are_the_tenants_own_and_need_usage_write() {
        byte[] file = Imports.ndjson(1, i -> "{\"transaction_id\":\"s-1\",\"external_customer_id\":\"customer-0\",\"code\":\"api_calls\"}");
        String id = imports.awaitFinished(imports.upload(Imports.NDJSON, "", file).field("id")).get("id").asString();
        String reader = apiKey(tenant.adminKey(), "billing:read");
        assertThat(api.get("/v1/event-imports/" + id, reader).status()).isEqualTo(403);
        assertThat(new Imports(api, reader).upload(Imports.NDJSON, "", file).status()).isEqualTo(403);
        String usageKey = apiKey(tenant.adminKey(), "usage:write");
        assertThat(api.get("/v1/event-imports/" + id, usageKey).status()).isEqualTo(200);

        TenantFixture other = newTenant();
        assertThat(api.get("/v1/event-imports/" + id, other.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/event-imports/" + id + "/rejections", other.adminKey()).status()).isEqualTo(404);
        assertThat(ok(api.get("/v1/event-imports", other.adminKey())).get("data")).isEmpty();
    }

    private static byte[] gzip(byte[] file) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    private long stored(String sql, Object... params) {
        return TenantContext.callAs(tenant.id(), () -> {
            var statement = jdbc.sql(sql);
            for (Object param : params) {
                statement = statement.param(param);
            }
            Number count = statement.query(Number.class).single();
            return count == null ? 0 : count.longValue();
        });
    }

    static void assertCounts(JsonNode eventImport, long linesRead, long accepted, long duplicates, long rejected) {
        assertThat(List.of(eventImport.get("lines_read").asLong(), eventImport.get("accepted").asLong(),
                eventImport.get("duplicates").asLong(), eventImport.get("rejected").asLong()))
                .as("lines_read, accepted, duplicates, rejected of %s", eventImport)
                .containsExactly(linesRead, accepted, duplicates, rejected);
    }

    static List<org.assertj.core.groups.Tuple> rows(JsonNode rejections) {
        List<org.assertj.core.groups.Tuple> rows = new ArrayList<>();
        rejections.forEach(r -> rows.add(tuple(r.get("line").asLong(), text(r.get("transaction_id")), r.get("code").asString(),
                text(r.get("param")))));
        return rows;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    private static void assertProblem(ApiResponse response, int status, String code, String param) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.field("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    /** Uploads and follows imports of one tenant, as a batch job would. */
    static final class Imports {

        static final String NDJSON = "application/x-ndjson";

        private final Api api;
        private final String key;

        Imports(Api api, String key) {
            this.api = api;
            this.key = key;
        }

        String key() {
            return key;
        }

        /** Metrics api_calls (count) and storage (sum of gb), and customers customer-0 ... customer-(n-1). */
        void meter(int customers) {
            if (api.get("/v1/billable-metrics/api_calls", key).status() == 404) {
                assertThat(api.post("/v1/billable-metrics", key, "{\"code\":\"api_calls\",\"name\":\"API calls\",\"aggregation\":\"count\"}")
                        .status()).isEqualTo(201);
                assertThat(api.post("/v1/billable-metrics", key, "{\"code\":\"storage\",\"name\":\"Storage\",\"aggregation\":\"sum\","
                        + "\"field_name\":\"gb\"}").status()).isEqualTo(201);
            }
            for (int i = 0; i < customers; i++) {
                if (api.get("/v1/customers/customer-" + i, key).status() == 404) {
                    assertThat(api.post("/v1/customers", key, "{\"external_id\":\"customer-" + i + "\"}").status()).isEqualTo(201);
                }
            }
        }

        ApiResponse upload(String contentType, String query, byte[] body, String... headers) {
            return send(contentType, query, HttpRequest.BodyPublishers.ofByteArray(body), headers);
        }

        /** Sends the body as it is generated, with chunked transfer encoding, as a job streaming a file would. */
        ApiResponse uploadStream(String contentType, String query, java.util.function.Supplier<InputStream> body) {
            return send(contentType, query, HttpRequest.BodyPublishers.ofInputStream(body));
        }

        private ApiResponse send(String contentType, String query, HttpRequest.BodyPublisher body, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/event-imports" + query))
                    .timeout(Duration.ofSeconds(120))
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", contentType)
                    .POST(body);
            for (int i = 0; i < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return api.send(request.build());
        }

        JsonNode get(String id) {
            ApiResponse response = api.get("/v1/event-imports/" + id, key);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.json();
        }

        /** Waits until the import has completed or failed. */
        JsonNode awaitFinished(String id) {
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                JsonNode current = get(id);
                String status = current.get("status").asString();
                if (status.equals("completed") || status.equals("failed")) {
                    return current;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("Import " + id + " not finished after 60 s: " + current);
                }
                sleep(50);
            }
        }

        static byte[] ndjson(int lines, IntFunction<String> line) {
            StringBuilder file = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                file.append(line.apply(i)).append('\n');
            }
            return file.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The lines of a file, generated as they are read: the test never holds the file either. */
    static final class LineStream extends InputStream {

        private final int lines;
        private final IntFunction<String> line;
        private int next;
        private byte[] current = new byte[0];
        private int position;

        LineStream(int lines, IntFunction<String> line) {
            this.lines = lines;
            this.line = line;
        }

        @Override
        public int read() {
            if (!fill()) {
                return -1;
            }
            return current[position++] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            int copied = 0;
            while (copied < length && fill()) {
                int n = Math.min(length - copied, current.length - position);
                System.arraycopy(current, position, buffer, offset + copied, n);
                position += n;
                copied += n;
            }
            return copied == 0 ? -1 : copied;
        }

        private boolean fill() {
            while (position == current.length) {
                if (next == lines) {
                    return false;
                }
                current = (line.apply(next++) + "\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
            return true;
        }
    }
}
