package io.billstream.payment.provider.stripe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stripe's HTTP API as far as the adapter uses it, on an ephemeral local port: records every request
 * and answers with what the test told it to. Like Stripe, it remembers the answer to a POST by its
 * Idempotency-Key and replays it when the same key comes with the same parameters, and refuses the key
 * with other parameters (400 idempotency_error). Unlike Stripe, it does not keep 5xx and 429 answers,
 * so a test can make a retry succeed.
 */
final class StripeStub implements AutoCloseable {

    /** One request as Stripe would have received it. */
    record Received(String method, String path, Map<String, String> query, Map<String, String> form, String idempotencyKey,
                    String authorization, String stripeVersion) {
    }

    private record Answer(int status, String body) {
    }

    private record Stored(Map<String, String> form, Answer answer) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, Stored> idempotent = new ConcurrentHashMap<>();

    StripeStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Answers {@code method path} with this status and JSON. Answers given for one route are used in
     * turn; the last one keeps answering.
     */
    StripeStub on(String method, String path, int status, String json) {
        answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addLast(new Answer(status, json));
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        return received.getLast();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> form = decode(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            received.add(new Received(method, path, decode(exchange.getRequestURI().getRawQuery()), form, key,
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Stripe-Version")));
            Answer answer = answer(method, path, form, key);
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Request-Id", "req_stub" + received.size());
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private synchronized Answer answer(String method, String path, Map<String, String> form, String key) {
        String idempotencyScope = key == null || !method.equals("POST") ? null : path + " " + key;
        if (idempotencyScope != null && idempotent.containsKey(idempotencyScope)) {
            Stored stored = idempotent.get(idempotencyScope);
            if (!stored.form().equals(form)) {
                return new Answer(400, StripeJson.error("idempotency_error", null, null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with."));
            }
            return stored.answer();
        }
        Deque<Answer> queue = answers.get(method + " " + path);
        Answer answer = queue == null ? new Answer(404, StripeJson.error("invalid_request_error", "resource_missing", null,
                "Unrecognized request URL (" + method + ": " + path + ")."))
                : queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
        if (idempotencyScope != null && answer.status() < 500 && answer.status() != 429) {
            idempotent.put(idempotencyScope, new Stored(form, answer));
        }
        return answer;
    }

    private static Map<String, String> decode(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            values.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return values;
    }
}
