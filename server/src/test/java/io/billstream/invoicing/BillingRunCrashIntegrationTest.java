package io.billstream.invoicing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A billing run that fails half-way through writing its invoice leaves nothing behind (no invoice,
 * no line, no billed mark) and is retried; once the fault is gone, the retry makes exactly one
 * invoice for the period.
 */
class BillingRunCrashIntegrationTest extends InvoicingIntegrationTest {

    @AfterEach
    void removeFault() {
        owner().sql("DROP TRIGGER IF EXISTS crash_on_second_line ON invoice_lines").update();
        owner().sql("DROP FUNCTION IF EXISTS crash_on_second_line()").update();
        owner().sql("DROP SEQUENCE IF EXISTS crash_attempts").update();
    }

    @Test
    void a_run_that_crashes_mid_invoice_writes_nothing_and_its_retry_bills_the_period_once() {
        tenantAt(Instant.parse("2026-01-01T00:00:00Z"));
        countMetric(key, "api_calls");
        createPlan(key, """
                {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2000,
                 "charges":[{"metric_code":"api_calls","charge_model":"standard","properties":{"unit_price":"0.10"}}]}""");
        String customer = customer("acme", "USD", "");
        subscribe("acme", "pro", "");
        advanceTo(Instant.parse("2026-01-20T00:00:00Z"));
        assertThat(invoices(customer)).hasSize(1);
        events("jan", 5, "acme", "api_calls", Instant.parse("2026-01-10T00:00:00Z"));

        // The fault: the second line of any invoice of this tenant fails to insert, after the invoice row and
        // its first line were written. The sequence counts the attempts (sequences ignore rollbacks).
        owner().sql("CREATE SEQUENCE crash_attempts").update();
        owner().sql("""
                CREATE FUNCTION crash_on_second_line() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
                BEGIN
                    IF NEW.tenant_id = '%s' AND EXISTS (SELECT 1 FROM invoice_lines WHERE invoice_id = NEW.invoice_id) THEN
                        PERFORM nextval('crash_attempts');
                        RAISE EXCEPTION 'simulated crash while writing invoice %%', NEW.invoice_id;
                    END IF;
                    RETURN NEW;
                END $$""".formatted(tenantId)).update();
        owner().sql("""
                CREATE TRIGGER crash_on_second_line BEFORE INSERT ON invoice_lines
                FOR EACH ROW EXECUTE FUNCTION crash_on_second_line()""").update();

        Instant target = Instant.parse("2026-02-01T01:00:00Z");
        ok(api.post("/v1/test-clocks/" + clock + "/advance", key, "{\"frozen_time\":\"" + target + "\"}"));
        await(Duration.ofSeconds(30), "two failed attempts of the run", () -> attempts() >= 2);

        // The subscription renewed (its own transactions), but the run left no trace and the clock waits for it.
        assertThat(ok(api.get("/v1/test-clocks/" + clock, key)).get("status").asString()).isEqualTo("advancing");
        assertThat(invoices(customer)).hasSize(1);
        assertThat(owner().sql("SELECT count(*) FROM invoices WHERE customer_id = ?").param(customer).query(Long.class).single())
                .isEqualTo(1);
        assertThat(owner().sql("SELECT count(*) FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE i.customer_id = ?")
                .param(customer).query(Long.class).single()).isEqualTo(1);
        List<String> unbilled = owner().sql("""
                SELECT to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' ' || status || ' '
                       || (arrears_billed_at IS NULL) || ' ' || (advance_billed_at IS NULL) || ' ' || coalesce(invoice_id, '-')
                FROM billing_periods WHERE customer_id = ? ORDER BY period_start""").param(customer).query(String.class).list();
        // January: closed, its arrears unbilled (its advance fee was billed on 1 January); February: open, unbilled.
        assertThat(unbilled).containsExactly("2026-01-01 closed true false -", "2026-02-01 open true true -");

        owner().sql("DROP TRIGGER crash_on_second_line ON invoice_lines").update();
        await(Duration.ofSeconds(30), "the clock to finish advancing",
                () -> ok(api.get("/v1/test-clocks/" + clock, key)).get("status").asString().equals("ready"));

        List<JsonNode> invoices = invoices(customer);
        assertThat(invoices).hasSize(2);
        JsonNode february = invoices.get(1);
        assertThat(lines(february)).containsExactly("usage|api_calls|5|0.1|50", "base_fee|pro base fee|1|20|2000");
        assertThat(february.get("number").asString()).isEqualTo("INV-2026-000002");
        String id = february.get("id").asString();
        List<String> billed = owner().sql("""
                SELECT to_char(period_start AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' ' || coalesce(invoice_id, '-') || ' '
                       || coalesce(advance_invoice_id, '-')
                FROM billing_periods WHERE customer_id = ? ORDER BY period_start""").param(customer).query(String.class).list();
        String first = invoices.get(0).get("id").asString();
        assertThat(billed).containsExactly("2026-01-01 " + id + " " + first, "2026-02-01 - " + id);

        // A rerun of the same dates finds nothing left to bill.
        advanceTo(Instant.parse("2026-02-01T02:00:00Z"));
        assertThat(invoices(customer)).hasSize(2);
    }

    private long attempts() {
        return owner().sql("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM crash_attempts").query(Long.class).single();
    }
}
