package io.billstream.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

/**
 * Sends batches to {@code POST /v1/events/batch} as a JSON array, each with a share of events it
 * sent before (re-sent as a retrying client would), and checks every event's outcome: each fresh
 * event {@code accepted}, each re-sent one {@code duplicate}, none rejected.
 */
final class UsageBulkClient implements UsageClient {

    private static final int RESEND_POOL = 20_000;

    private final UsageHttpConnection connection;
    private final String authorization;
    private final UsageEventGenerator generator;
    private final UsageResendPool sent = new UsageResendPool(RESEND_POOL);
    private final int batchSize;
    private final double duplicateShare;

    UsageBulkClient(UsageHttpConnection connection, String authorization, UsageEventGenerator generator, int batchSize,
                    double duplicateShare) {
        this.connection = connection;
        this.authorization = authorization;
        this.generator = generator;
        this.batchSize = batchSize;
        this.duplicateShare = duplicateShare;
    }

    @Override
    public Exchange send(UsageTally tally) {
        // The first batch has nothing to re-send; every later one re-sends exactly its share.
        int resends = sent.isEmpty() ? 0 : (int) Math.round(batchSize * duplicateShare);
        boolean[] resent = shuffledFlags(batchSize, resends);
        UsageEvent[] batch = new UsageEvent[batchSize];
        StringBuilder body = new StringBuilder(batchSize * 240).append('[');
        for (int i = 0; i < batchSize; i++) {
            batch[i] = resent[i] ? sent.pick() : generator.next();
            body.append(i == 0 ? "" : ",").append(batch[i].json());
        }
        String request = body.append(']').toString();
        tally.freshSent += batchSize - resends;
        try {
            long start = System.nanoTime();
            var response = connection.post("/v1/events/batch", authorization, "application/json", request.getBytes(StandardCharsets.UTF_8));
            long latencyNs = System.nanoTime() - start;
            String problem = problemWith(response, batch, resent, resends);
            if (problem == null) {
                tally.recordAnswered(latencyNs, batchSize, batchSize - resends, resends);
                for (int i = 0; i < batchSize; i++) {
                    if (!resent[i]) {
                        sent.remember(batch[i]);
                    }
                }
            } else {
                tally.recordError("POST /v1/events/batch: " + problem);
            }
            return new Exchange(request, response, problem);
        } catch (IOException e) {
            tally.recordError("POST /v1/events/batch: " + UsageClient.describe(e));
            return new Exchange(request, null, UsageClient.describe(e));
        }
    }

    /** Null when every event got the outcome it must; otherwise the first thing wrong. */
    private static String problemWith(UsageHttpConnection.Response response, UsageEvent[] batch, boolean[] resent, int resends) {
        if (response.status() != 200) {
            return "status " + response.status() + " " + response.text();
        }
        JsonNode body = UsageClient.json(response);
        if (body == null) {
            return "not JSON: " + response.text();
        }
        long accepted = UsageClient.integer(body, "accepted");
        long duplicates = UsageClient.integer(body, "duplicates");
        long rejected = UsageClient.integer(body, "rejected");
        if (accepted != batch.length - resends || duplicates != resends || rejected != 0) {
            return "expected accepted " + (batch.length - resends) + ", duplicates " + resends + ", rejected 0; got " + accepted + ", "
                    + duplicates + ", " + rejected + firstRejection(body);
        }
        JsonNode data = body.get("data");
        if (data == null || !data.isArray() || data.size() != batch.length) {
            return "expected one data item per event (" + batch.length + "), got " + (data == null ? "none" : data.size());
        }
        boolean[] seen = new boolean[batch.length];
        for (JsonNode item : data) {
            long index = UsageClient.integer(item, "index");
            if (index < 0 || index >= batch.length || seen[(int) index]) {
                return "bad or repeated index in " + item;
            }
            seen[(int) index] = true;
            String expected = resent[(int) index] ? "duplicate" : "accepted";
            if (!batch[(int) index].transactionId().equals(UsageClient.text(item, "transaction_id"))
                    || !expected.equals(UsageClient.text(item, "status"))) {
                return "event " + index + " (" + batch[(int) index].transactionId() + ") expected " + expected + ", got " + item;
            }
        }
        return null;
    }

    private static String firstRejection(JsonNode body) {
        JsonNode data = body.get("data");
        if (data != null && data.isArray()) {
            for (JsonNode item : data) {
                if ("rejected".equals(UsageClient.text(item, "status"))) {
                    return "; first rejection: " + item;
                }
            }
        }
        return "";
    }

    /** {@code count} of {@code size} positions set, at random places. */
    private static boolean[] shuffledFlags(int size, int count) {
        boolean[] flags = new boolean[size];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < count; i++) {
            flags[i] = true;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            boolean swap = flags[i];
            flags[i] = flags[j];
            flags[j] = swap;
        }
        return flags;
    }

    @Override
    public void close() {
        connection.close();
    }
}
