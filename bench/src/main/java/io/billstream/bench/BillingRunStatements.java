package io.billstream.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements PostgreSQL ran during a run, from {@code pg_stat_statements} (loaded at the
 * server's start with {@code shared_preload_libraries}): how often each ran and how long it took in
 * PostgreSQL, to find the ones a billing run repeats or that grow with the number of customers.
 * Read as the owner, a superuser, who sees every role's statements.
 */
final class BillingRunStatements {

    /** One normalised statement's figures since the last reset. */
    record Executed(long calls, double totalMs, long rows, String query) {

        double meanMs() {
            return calls == 0 ? 0 : totalMs / calls;
        }
    }

    /** Every statement, summed. */
    record Totals(long calls, double totalMs) {
    }

    private static final String OURS = "query NOT LIKE '%pg_stat_statements%'";

    private BillingRunStatements() {
    }

    static void install(Connection owner) throws SQLException {
        try (Statement statement = owner.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
    }

    static void reset(Connection owner) throws SQLException {
        try (Statement statement = owner.createStatement()) {
            statement.execute("SELECT pg_stat_statements_reset()");
        }
    }

    static List<Executed> top(Connection owner, int limit) throws SQLException {
        List<Executed> top = new ArrayList<>();
        try (Statement statement = owner.createStatement();
             ResultSet rows = statement.executeQuery("SELECT calls, total_exec_time, rows, query FROM pg_stat_statements WHERE " + OURS
                     + " ORDER BY total_exec_time DESC LIMIT " + limit)) {
            while (rows.next()) {
                top.add(new Executed(rows.getLong(1), rows.getDouble(2), rows.getLong(3), rows.getString(4)));
            }
        }
        return top;
    }

    static Totals totals(Connection owner) throws SQLException {
        try (Statement statement = owner.createStatement();
             ResultSet row = statement.executeQuery("SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0)"
                     + " FROM pg_stat_statements WHERE " + OURS)) {
            row.next();
            return new Totals(row.getLong(1), row.getDouble(2));
        }
    }
}
