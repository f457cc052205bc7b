package io.billstream.webhook.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;

/** A webhook receiver on 127.0.0.1: records every request and answers as the test tells it. */
final class Receiver implements AutoCloseable {

    record Request(String path, Map<String, List<String>> headers, String body, long receivedAtNanos, int answeredStatus) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase());
            return values == null ? null : values.getFirst();
        }
    }

    record Answer(int status, Map<String, String> headers, String body) {

        static Answer ok() {
            return new Answer(200, Map.of(), "ok");
        }

        static Answer status(int status) {
            return new Answer(status, Map.of(), "status " + status);
        }
    }

    private final HttpServer server;
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> answers = request -> Answer.ok();

    Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), List.copyOf(values)));
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Request request = new Request(exchange.getRequestURI().getPath(), headers, body, System.nanoTime(), 0);
            Answer answer = answers.apply(request);
            received.add(new Request(request.path(), headers, body, request.receivedAtNanos(), answer.status()));
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void answer(Function<Request, Answer> answers) {
        this.answers = answers;
    }

    List<Request> received() {
        return new ArrayList<>(received);
    }

    List<Request> received(String path) {
        return received.stream().filter(r -> path.equals(r.path())).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
