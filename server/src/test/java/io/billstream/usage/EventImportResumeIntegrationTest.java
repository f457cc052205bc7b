package io.billstream.usage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import io.billstream.platform.scheduling.BillingScheduler;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static io.billstream.usage.EventImportIntegrationTest.assertCounts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An import interrupted mid-file resumes from its checkpoint and ends exactly as an uninterrupted
 * one: the same counts, the same rejected lines, each transaction ID stored once.
 */
class EventImportResumeIntegrationTest extends BillingIntegrationTest {

    private static final int LINES = 5_500;
    /** Line i (0-based): every 10th repeats the ID of five lines before; every 13th names a metric that does not exist. */
    private static final IntFunction<String> LINE = i -> "{\"transaction_id\":\"r-" + (i % 10 == 9 ? i - 5 : i)
            + "\",\"external_customer_id\":\"customer-" + (i % 3) + "\",\"code\":\"" + (i % 13 == 12 ? "unknown_metric" : "storage")
            + "\",\"properties\":{\"gb\":" + (i % 5) + "}}";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource owner;

    @Autowired
    BillingScheduler billingScheduler;

    @Test
    void a_run_that_fails_before_its_third_group_commits_resumes_after_the_second_and_counts_nothing_twice() {
        Run clean = cleanRun();

        TenantFixture tenant = newTenant();
        EventImportIntegrationTest.Imports imports = new EventImportIntegrationTest.Imports(api, tenant.adminKey());
        imports.meter(3);
        // The crash: the third group's events and rejections are written, then its checkpoint update fails,
        // so the whole group rolls back, as if the server had died just before committing it.
        JdbcClient schema = JdbcClient.create(owner);
        schema.sql("""
                CREATE FUNCTION interrupt_import_of_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.tenant_id = '%s' AND NEW.lines_read > 2000 THEN
                        RAISE EXCEPTION 'interrupted before the third group committed';
                    END IF;
                    RETURN NEW;
                END $$""".formatted(tenant.id())).update();
        schema.sql("CREATE TRIGGER interrupt_import BEFORE UPDATE ON event_imports FOR EACH ROW EXECUTE FUNCTION interrupt_import_of_tenant()")
                .update();
        String importId;
        try {
            importId = imports.upload(EventImportIntegrationTest.Imports.NDJSON, "", EventImportIntegrationTest.Imports.ndjson(LINES, LINE))
                    .field("id");
            awaitFailedRun(tenant.id(), importId);

            JsonNode interrupted = imports.get(importId);
            assertThat(interrupted.get("status").asString()).isEqualTo("processing");
            assertThat(interrupted.get("lines_read").asLong()).as("two groups committed").isEqualTo(2000);
            assertThat(interrupted.get("bytes_processed").asLong()).isLessThan(interrupted.get("bytes").asLong());
            long acceptedSoFar = interrupted.get("accepted").asLong();
            assertThat(acceptedSoFar).isGreaterThan(0);
            assertThat(count(tenant.id(), "SELECT count(*) FROM usage_events")).as("no event of the third group").isEqualTo(acceptedSoFar);
            assertThat(count(tenant.id(), "SELECT count(*) FROM event_import_rejections"))
                    .isEqualTo(interrupted.get("rejected").asLong());
            assertThat(count(tenant.id(), "SELECT max(line) FROM event_import_rejections")).isLessThanOrEqualTo(2000);
        } finally {
            schema.sql("DROP TRIGGER interrupt_import ON event_imports").update();
            schema.sql("DROP FUNCTION interrupt_import_of_tenant()").update();
        }

        // The scheduler retries the failed run; now it gets through.
        JsonNode resumed = imports.awaitFinished(importId);
        assertThat(resumed.get("status").asString()).isEqualTo("completed");
        assertThat(counts(resumed)).isEqualTo(clean.counts());
        assertThat(rejections(imports, importId)).isEqualTo(clean.rejections());
        assertStoredOnce(tenant.id(), clean.counts().get(1));
    }

    @Test
    void an_import_whose_scheduler_stops_mid_file_is_finished_by_another() {
        Run clean = cleanRun();

        TenantFixture tenant = newTenant();
        EventImportIntegrationTest.Imports imports = new EventImportIntegrationTest.Imports(api, tenant.adminKey());
        imports.meter(3);
        billingScheduler.stop();
        Scheduler doomed = null;
        String importId;
        try {
            importId = imports.upload(EventImportIntegrationTest.Imports.NDJSON, "", EventImportIntegrationTest.Imports.ndjson(LINES, LINE))
                    .field("id");
            sleep(500);
            assertThat(imports.get(importId).get("status").asString()).as("no scheduler runs").isEqualTo("queued");

            // Another server picks the import up and is shut down after its first groups.
            doomed = billingScheduler.build("doomed-instance");
            doomed.start();
            while (imports.get(importId).get("lines_read").asLong() < 1000) {
                sleep(5);
            }
            doomed.stop();
            doomed = null;
            JsonNode stopped = imports.get(importId);
            long linesRead = stopped.get("lines_read").asLong();
            assertThat(stopped.get("status").asString()).isEqualTo("processing");
            assertThat(linesRead).as("stopped mid-file, after a whole group").isLessThan(LINES).isEqualTo(linesRead / 1000 * 1000);
            sleep(500);
            assertThat(imports.get(importId).get("lines_read").asLong()).as("nothing runs it meanwhile").isEqualTo(linesRead);
        } finally {
            if (doomed != null) {
                doomed.stop();
            }
            billingScheduler.start();
        }

        JsonNode finished = imports.awaitFinished(importId);
        assertThat(finished.get("status").asString()).isEqualTo("completed");
        assertThat(counts(finished)).isEqualTo(clean.counts());
        assertThat(rejections(imports, importId)).isEqualTo(clean.rejections());
        assertStoredOnce(tenant.id(), clean.counts().get(1));
    }

    /** What the file becomes when nothing interrupts it, in a tenant of its own. */
    private Run cleanRun() {
        TenantFixture tenant = newTenant();
        EventImportIntegrationTest.Imports imports = new EventImportIntegrationTest.Imports(api, tenant.adminKey());
        imports.meter(3);
        String id = imports.upload(EventImportIntegrationTest.Imports.NDJSON, "", EventImportIntegrationTest.Imports.ndjson(LINES, LINE))
                .field("id");
        JsonNode done = imports.awaitFinished(id);
        // Lines 10, 20, ... repeat an ID; lines 13, 26, ... are rejected (and so are repeats of rejected lines' IDs).
        assertCounts(done, LINES, 4_611, 466, 423);
        return new Run(counts(done), rejections(imports, id));
    }

    private record Run(List<Long> counts, List<String> rejections) {
    }

    private void awaitFailedRun(String tenantId, String importId) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (jdbc.sql("SELECT coalesce(max(consecutive_failures), 0) FROM scheduled_tasks WHERE task_name = 'event-import'"
                        + " AND task_instance = ?")
                .param(tenantId + "/" + importId).query(Integer.class).single() < 1) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("The import's run did not fail within 30 s");
            }
            sleep(20);
        }
    }

    private void assertStoredOnce(String tenantId, long accepted) {
        assertThat(count(tenantId, "SELECT count(*) FROM usage_events")).isEqualTo(accepted);
        assertThat(count(tenantId, "SELECT count(DISTINCT transaction_id) FROM usage_events")).isEqualTo(accepted);
    }

    private long count(String tenantId, String sql) {
        return TenantContext.callAs(tenantId, () -> {
            Long value = jdbc.sql(sql).query(Long.class).single();
            return value == null ? 0 : value;
        });
    }

    private static List<Long> counts(JsonNode eventImport) {
        return List.of(eventImport.get("lines_read").asLong(), eventImport.get("accepted").asLong(),
                eventImport.get("duplicates").asLong(), eventImport.get("rejected").asLong());
    }

    /** Every rejected line as "line code param transaction_id", in line order. */
    private List<String> rejections(EventImportIntegrationTest.Imports imports, String importId) {
        List<String> all = new ArrayList<>();
        String cursor = "";
        while (cursor != null) {
            JsonNode page = ok(api.get("/v1/event-imports/" + importId + "/rejections?limit=100" + cursor, imports.key()));
            page.get("data").forEach(r -> all.add(r.get("line").asLong() + " " + r.get("code").asString() + " "
                    + r.get("param").asString() + " " + r.get("transaction_id").asString()));
            cursor = page.get("has_more").asBoolean() ? "&cursor=" + page.get("next_cursor").asString() : null;
        }
        return all;
    }
}
