package io.billstream.invoicing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invoicing over real HTTP: one tenant per test, its customers on one test clock, so every billing
 * date is exactly where the test puts it. Invoices are read back through the API.
 */
public abstract class InvoicingIntegrationTest extends BillingIntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    protected DataSource ownerDataSource;

    protected String tenantId;
    protected String key;
    protected String clock;

    /** A fresh tenant with a test clock frozen at {@code start}. */
    protected void tenantAt(Instant start) {
        TenantFixture tenant = newTenant();
        tenantId = tenant.id();
        key = tenant.adminKey();
        clock = createClock(key, start);
    }

    /** The schema owner: reads across row-level security, and creates the triggers that break runs on purpose. */
    protected JdbcClient owner() {
        return JdbcClient.create(ownerDataSource);
    }

    protected void sumMetric(String code, String field) {
        created(api.post("/v1/billable-metrics", key, "{\"code\":\"" + code + "\",\"name\":\"" + code
                + "\",\"aggregation\":\"sum\",\"field_name\":\"" + field + "\"}"));
    }

    /** A customer on the tenant's clock; {@code extra} is more JSON fields, or empty. */
    protected String customer(String externalId, String currency, String extra) {
        return created(api.post("/v1/customers", key, "{\"external_id\":\"" + externalId + "\",\"currency\":\"" + currency
                + "\",\"test_clock\":\"" + clock + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}")).get("id").asString();
    }

    protected String subscribe(String customer, String planCode, String extra) {
        return created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"" + customer + "\",\"plan_code\":\"" + planCode + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}")).get("id").asString();
    }

    /** One count event, or a valued one when {@code properties} is not empty. */
    protected void event(String transactionId, String customer, String metric, Instant at, String properties) {
        ApiResponse response = api.post("/v1/events", key, "{\"transaction_id\":\"" + transactionId + "\",\"external_customer_id\":\""
                + customer + "\",\"code\":\"" + metric + "\",\"timestamp\":\"" + at + "\""
                + (properties.isEmpty() ? "" : ",\"properties\":" + properties) + "}");
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    protected void events(String prefix, int count, String customer, String metric, Instant at) {
        for (int i = 0; i < count; i++) {
            event(prefix + "-" + i, customer, metric, at.plusSeconds(i), "");
        }
    }

    /** The customer's invoices, oldest first. */
    protected List<JsonNode> invoices(String customerId) {
        List<JsonNode> all = new ArrayList<>();
        ok(api.get("/v1/invoices?customer=" + customerId + "&limit=100", key)).get("data").forEach(all::add);
        return all.reversed();
    }

    protected JsonNode invoice(String id) {
        return ok(api.get("/v1/invoices/" + id, key));
    }

    protected void advanceTo(Instant to) {
        advance(key, clock, to);
    }

    /** Each line as {@code kind|description|quantity|unit_price|amount_minor} ({@code -} for no unit price). */
    protected static List<String> lines(JsonNode invoice) {
        List<String> result = new ArrayList<>();
        invoice.get("lines").forEach(l -> result.add(l.get("kind").asString() + "|" + l.get("description").asString() + "|"
                + l.get("quantity").asString() + "|" + text(l, "unit_price") + "|" + l.get("amount_minor").asLong()));
        return result;
    }

    /** A line's breakdown rows as {@code label|units|unit_price|flat_fee|amount}. */
    protected static List<String> breakdown(JsonNode line) {
        List<String> result = new ArrayList<>();
        JsonNode rows = line.get("breakdown");
        if (rows != null) {
            rows.forEach(b -> result.add(b.get("label").asString() + "|" + text(b, "units") + "|" + text(b, "unit_price") + "|"
                    + text(b, "flat_fee") + "|" + text(b, "amount")));
        }
        return result;
    }

    protected static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "-" : value.asString();
    }

    protected static JsonNode line(JsonNode invoice, String kind) {
        for (JsonNode l : invoice.get("lines")) {
            if (l.get("kind").asString().equals(kind)) {
                return l;
            }
        }
        throw new AssertionError("no " + kind + " line on " + invoice);
    }

    /** Waits until {@code condition} holds, polling; fails after {@code timeout}. */
    protected static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.ofEpochMilli(System.currentTimeMillis()).isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            sleep(50);
        }
    }
}
