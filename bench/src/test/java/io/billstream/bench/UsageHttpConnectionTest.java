package io.billstream.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsageHttpConnectionTest {

    /** A server that answers each request with the next scripted response, as raw bytes. */
    private static final class ScriptedServer implements AutoCloseable {

        final ServerSocket socket = new ServerSocket(0);
        final List<String> responses;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

        ScriptedServer(String... responses) throws IOException {
            this.responses = List.of(responses);
            Thread.ofVirtual().start(this::accept);
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection) {
                InputStream in = new BufferedInputStream(connection.getInputStream());
                OutputStream out = connection.getOutputStream();
                while (true) {
                    String request = readRequest(in);
                    if (request == null) {
                        return;
                    }
                    requests.add(request);
                    String response = responses.get(next.getAndIncrement());
                    boolean cut = response.endsWith("<cut>");
                    out.write(response.replace("<cut>", "").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (cut || response.toLowerCase(Locale.ROOT).contains("connection: close")) {
                        return;
                    }
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        /** The request head and body, or null when the client closed the connection. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            String text = head.toString(StandardCharsets.US_ASCII);
            int length = text.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                    .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
            return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private ScriptedServer server;

    @AfterEach
    void stopServer() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sends_the_body_and_reads_a_content_length_then_a_chunked_response_on_one_connection() throws Exception {
        // given
        server = new ScriptedServer(
                "HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}",
                "HTTP/1.1 200 \r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n");
        try (var connection = new UsageHttpConnection("127.0.0.1", server.port())) {
            // when
            var created = connection.post("/v1/events", "Bearer sk_test", "application/json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
            var chunked = connection.get("/actuator/prometheus", "text/plain");

            // then
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.contentType()).isEqualTo("application/json");
            assertThat(created.text()).isEqualTo("{\"ok\":true}");
            assertThat(chunked.status()).isEqualTo(200);
            assertThat(chunked.text()).isEqualTo("hello, world");
            assertThat(connection.connectionsOpened()).isEqualTo(1);
        }
        assertThat(server.requests.peek())
                .startsWith("POST /v1/events HTTP/1.1\r\n")
                .contains("Authorization: Bearer sk_test\r\n", "Content-Type: application/json\r\n", "Content-Length: 7\r\n",
                        "Accept: application/json\r\n")
                .endsWith("\r\n\r\n{\"a\":1}");
        assertThat(server.connections.get()).isEqualTo(1);
    }

    @Test
    void opens_a_new_connection_after_the_server_says_connection_close() throws Exception {
        // given: Tomcat closes a kept-alive connection after 100 requests this way
        server = new ScriptedServer(
                "HTTP/1.1 200 \r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                "HTTP/1.1 200 \r\nContent-Length: 5\r\n\r\nagain");
        try (var connection = new UsageHttpConnection("127.0.0.1", server.port())) {
            // when
            var first = connection.get("/one", "application/json");
            var second = connection.get("/two", "application/json");

            // then
            assertThat(first.text()).isEqualTo("ok");
            assertThat(second.text()).isEqualTo("again");
            assertThat(connection.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void a_body_cut_short_fails_the_request_and_the_next_one_reconnects() throws Exception {
        // given
        server = new ScriptedServer(
                "HTTP/1.1 200 \r\nContent-Length: 100\r\n\r\nonly part<cut>",
                "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok");
        try (var connection = new UsageHttpConnection("127.0.0.1", server.port())) {
            // when / then
            assertThatThrownBy(() -> connection.get("/one", "application/json")).isInstanceOf(IOException.class)
                    .hasMessageContaining("9 of 100");
            assertThat(connection.get("/two", "application/json").text()).isEqualTo("ok");
            assertThat(connection.connectionsOpened()).isEqualTo(2);
        }
    }

    @Test
    void a_server_that_closes_without_answering_fails_the_request() throws Exception {
        // given
        server = new ScriptedServer("<cut>");
        try (var connection = new UsageHttpConnection("127.0.0.1", server.port())) {
            // when / then
            assertThatThrownBy(() -> connection.get("/one", "application/json")).isInstanceOf(IOException.class)
                    .hasMessageContaining("closed by the server");
        }
    }
}
