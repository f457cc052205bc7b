package io.billstream.customer.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.customer.domain.BillingAddress;
import io.billstream.customer.domain.BillingPreferences;
import io.billstream.customer.domain.Customer;
import io.billstream.customer.domain.CustomerDetails;
import io.billstream.customer.domain.CustomerStatus;
import io.billstream.customer.domain.TaxId;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Customer rows. Every query names its tenant; row-level security backs that up. */
@Repository
public class Customers {

    /**
     * @param createdFrom inclusive
     * @param createdTo   exclusive
     * @param text        matched case-insensitively against name and email
     */
    public record Filter(CustomerStatus status, String email, String externalId, Instant createdFrom, Instant createdTo,
                         String text) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Customers(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void insert(Customer customer) {
        bind(jdbc.sql("""
                INSERT INTO customers (id, tenant_id, external_id, name, email, billing_address, tax_ids, currency, timezone,
                    invoice_grace_period_days, net_payment_terms_days, preferred_payment_provider, status, metadata,
                    created_at, updated_at, archived_at, version, test_clock_id)
                VALUES (:id, :tenant, :externalId, :name, :email, CAST(:address AS jsonb), CAST(:taxIds AS jsonb), :currency,
                    :timezone, :grace, :terms, :provider, :status, CAST(:metadata AS jsonb), :createdAt, :updatedAt,
                    :archivedAt, :version, :testClock)
                """), customer).update();
    }

    /** Writes a changed customer, provided nobody else changed it since {@code customer.version() - 1}. */
    public boolean update(Customer customer) {
        return bind(jdbc.sql("""
                UPDATE customers SET external_id = :externalId, name = :name, email = :email,
                    billing_address = CAST(:address AS jsonb), tax_ids = CAST(:taxIds AS jsonb), currency = :currency,
                    timezone = :timezone, invoice_grace_period_days = :grace, net_payment_terms_days = :terms,
                    preferred_payment_provider = :provider, status = :status, metadata = CAST(:metadata AS jsonb),
                    updated_at = :updatedAt, archived_at = :archivedAt, version = :version
                WHERE tenant_id = :tenant AND id = :id AND version = :version - 1
                """), customer).update() == 1;
    }

    /** By Billstream ID ({@code cus_...}) or by the caller's external_id; locked for update when asked. */
    public Optional<Customer> find(String tenantId, String idOrExternalId, boolean forUpdate) {
        String column = idOrExternalId.startsWith("cus_") ? "id" : "external_id";
        return jdbc.sql("SELECT * FROM customers WHERE tenant_id = :tenant AND " + column + " = :key"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId).param("key", idOrExternalId)
                .query(this::map).optional();
    }

    public List<Customer> list(String tenantId, Filter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM customers WHERE tenant_id = :tenant");
        if (filter.status() != null) {
            sql.append(" AND status = :status");
        }
        if (filter.email() != null) {
            sql.append(" AND lower(email) = lower(:email)");
        }
        if (filter.externalId() != null) {
            sql.append(" AND external_id = :externalId");
        }
        if (filter.createdFrom() != null) {
            sql.append(" AND created_at >= :createdFrom");
        }
        if (filter.createdTo() != null) {
            sql.append(" AND created_at < :createdTo");
        }
        if (filter.text() != null) {
            sql.append(" AND (name ILIKE :pattern ESCAPE '\\' OR email ILIKE :pattern ESCAPE '\\')");
        }
        if (page.after() != null) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        return jdbc.sql(sql.toString())
                .param("tenant", tenantId)
                .param("status", filter.status() == null ? null : filter.status().apiName())
                .param("email", filter.email())
                .param("externalId", filter.externalId())
                .param("createdFrom", filter.createdFrom() == null ? null : Timestamp.from(filter.createdFrom()))
                .param("createdTo", filter.createdTo() == null ? null : Timestamp.from(filter.createdTo()))
                .param("pattern", filter.text() == null ? null : "%" + escapeLike(filter.text()) + "%")
                .param("after", page.after())
                .param("limit", page.fetchSize())
                .query(this::map).list();
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, Customer customer) {
        CustomerDetails d = customer.details();
        return statement
                .param("id", customer.id()).param("tenant", customer.tenantId())
                .param("externalId", d.externalId()).param("name", d.name()).param("email", d.email())
                .param("address", d.billingAddress() == null ? null : json.writeValueAsString(d.billingAddress()))
                .param("taxIds", json.writeValueAsString(d.taxIds()))
                .param("currency", d.currency()).param("timezone", d.timezone())
                .param("grace", d.preferences().invoiceGracePeriodDays())
                .param("terms", d.preferences().netPaymentTermsDays())
                .param("provider", d.preferences().preferredPaymentProvider())
                .param("status", customer.status().apiName())
                .param("metadata", json.writeValueAsString(d.metadata()))
                .param("createdAt", Timestamp.from(customer.createdAt()))
                .param("updatedAt", Timestamp.from(customer.updatedAt()))
                .param("archivedAt", customer.archivedAt() == null ? null : Timestamp.from(customer.archivedAt()))
                .param("version", customer.version())
                .param("testClock", customer.testClockId());
    }

    private Customer map(ResultSet rs, int row) throws SQLException {
        String address = rs.getString("billing_address");
        CustomerDetails details = new CustomerDetails(
                rs.getString("external_id"), rs.getString("name"), rs.getString("email"),
                address == null ? null : json.readValue(address, BillingAddress.class),
                json.readValue(rs.getString("tax_ids"), new TypeReference<List<TaxId>>() { }),
                rs.getString("currency") == null ? null : rs.getString("currency").trim(), rs.getString("timezone"),
                new BillingPreferences(rs.getInt("invoice_grace_period_days"), rs.getInt("net_payment_terms_days"),
                        rs.getString("preferred_payment_provider")),
                json.readValue(rs.getString("metadata"), new TypeReference<Map<String, String>>() { }));
        Timestamp archivedAt = rs.getTimestamp("archived_at");
        return new Customer(rs.getString("id"), rs.getString("tenant_id"), details,
                CustomerStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)), rs.getString("test_clock_id"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                archivedAt == null ? null : archivedAt.toInstant(), rs.getLong("version"));
    }

    /** Deletes the customers of a test clock (their dependent rows must be gone first). */
    public void deleteForTestClock(String tenantId, String testClockId) {
        jdbc.sql("DELETE FROM customers WHERE tenant_id = :tenant AND test_clock_id = :clock")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }
}
