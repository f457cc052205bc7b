package io.billstream.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small blocking JSON client that seeds a server through its public API, as a user would. */
final class SeedingClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    SeedingClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Sends the request and returns the body, which must come with 201 Created. */
    JsonNode created(String method, String path, String key, String json) {
        return call(method, path, key, json, 201);
    }

    /** Sends the request ({@code json} null for none) and returns the body, which must come with {@code expectedStatus}. */
    JsonNode call(String method, String path, String key, String json, int expectedStatus) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        HttpRequest request = builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code seedOne} for 0 … count-1 from {@code concurrency} threads; the first failure fails the seeding. */
    static void inParallel(int count, int concurrency, IntConsumer seedOne) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<?>> seeders = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                seeders.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        seedOne.accept(i);
                    }
                    return null;
                }));
            }
            for (Future<?> seeder : seeders) {
                seeder.get();
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
