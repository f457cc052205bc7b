package io.billstream.bench;

import java.io.IOException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A closed-loop ingestion client on its own kept-alive connection: it sends its next request when
 * the last one has been answered and checked.
 */
interface UsageClient extends AutoCloseable {

    JsonMapper JSON = JsonMapper.builder().build();

    /** What one request sent and got back, and what was wrong with the answer (null when nothing). */
    record Exchange(String request, UsageHttpConnection.Response response, String problem) {
    }

    /** Sends one request and records its outcome in {@code tally}. */
    Exchange send(UsageTally tally);

    /** Requests back to back until {@code deadlineNs}; the one in flight at the deadline still counts. */
    default UsageTally runUntil(long deadlineNs) {
        UsageTally tally = new UsageTally();
        while (System.nanoTime() < deadlineNs) {
            send(tally);
        }
        return tally;
    }

    @Override
    void close();

    /** Parses a JSON body, or returns null when it is not JSON. */
    static JsonNode json(UsageHttpConnection.Response response) {
        try {
            return JSON.readTree(response.body());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isString() ? null : value.asString();
    }

    static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isIntegralNumber() ? -1 : value.asLong();
    }

    static String describe(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
