package io.billstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/**
 * Sends one event per request to {@code POST /v1/events}; a share of them are events it sent
 * before. A fresh event must come back {@code 201} and {@code accepted}, a re-sent one {@code 200}
 * and {@code duplicate}.
 */
final class UsageSingleClient implements UsageClient {

    private static final int RESEND_POOL = 2_000;

    private final UsageHttpConnection connection;
    private final String authorization;
    private final UsageEventGenerator generator;
    private final UsageResendPool sent = new UsageResendPool(RESEND_POOL);
    private final double duplicateShare;

    UsageSingleClient(UsageHttpConnection connection, String authorization, UsageEventGenerator generator, double duplicateShare) {
        this.connection = connection;
        this.authorization = authorization;
        this.generator = generator;
        this.duplicateShare = duplicateShare;
    }

    @Override
    public Exchange send(UsageTally tally) {
        return send(tally, !sent.isEmpty() && ThreadLocalRandom.current().nextDouble() < duplicateShare);
    }

    /** Sends a fresh event, or re-sends one sent before when {@code resend} (and there is one). */
    Exchange send(UsageTally tally, boolean resend) {
        boolean duplicate = resend && !sent.isEmpty();
        UsageEvent event = duplicate ? sent.pick() : generator.next();
        if (!duplicate) {
            tally.freshSent++;
        }
        try {
            long start = System.nanoTime();
            var response = connection.post("/v1/events", authorization, "application/json", event.json().getBytes(StandardCharsets.UTF_8));
            long latencyNs = System.nanoTime() - start;
            String problem = problemWith(response, event, duplicate);
            if (problem == null) {
                tally.recordAnswered(latencyNs, 1, duplicate ? 0 : 1, duplicate ? 1 : 0);
                if (!duplicate) {
                    sent.remember(event);
                }
            } else {
                tally.recordError("POST /v1/events: " + problem);
            }
            return new Exchange(event.json(), response, problem);
        } catch (IOException e) {
            tally.recordError("POST /v1/events: " + UsageClient.describe(e));
            return new Exchange(event.json(), null, UsageClient.describe(e));
        }
    }

    private static String problemWith(UsageHttpConnection.Response response, UsageEvent event, boolean duplicate) {
        int expectedStatus = duplicate ? 200 : 201;
        String expected = duplicate ? "duplicate" : "accepted";
        if (response.status() != expectedStatus) {
            return event.transactionId() + " expected " + expectedStatus + " " + expected + ", got " + response.status() + " "
                    + response.text();
        }
        JsonNode body = UsageClient.json(response);
        if (body == null || !event.transactionId().equals(UsageClient.text(body, "transaction_id"))
                || !expected.equals(UsageClient.text(body, "status"))) {
            return event.transactionId() + " expected " + expected + ", got " + response.text();
        }
        return null;
    }

    @Override
    public void close() {
        connection.close();
    }
}
