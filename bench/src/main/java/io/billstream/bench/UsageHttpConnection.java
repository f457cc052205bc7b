package io.billstream.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One kept-alive HTTP/1.1 connection, used by one client thread at a time.
 *
 * <p>Hand-written rather than the JDK's {@code HttpClient} because the load generator shares the
 * two cores with the server: the entitlement benchmark measured the JDK client at 0.3–0.5 ms of CPU
 * per request, which at the 5,000 requests/s the single-event target asks for would be most of the
 * machine. This one writes the request with one flush and parses the response in place. It speaks
 * only what the benchmark needs: {@code Content-Length} or chunked bodies, and a new connection when
 * the server says {@code Connection: close} (Tomcat does after 100 requests on one connection).
 * A request is never retried: the caller must see every failure.
 */
final class UsageHttpConnection implements AutoCloseable {

    private static final int SOCKET_TIMEOUT_MS = 120_000;

    record Response(int status, String contentType, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int connections;

    UsageHttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    Response get(String path, String accept) throws IOException {
        return send("GET", path, accept, null, null, null);
    }

    Response post(String path, String authorization, String contentType, byte[] body) throws IOException {
        return send("POST", path, "application/json", authorization, contentType, body);
    }

    /** How many TCP connections this client has opened, to show how often the server closed one. */
    int connectionsOpened() {
        return connections;
    }

    private Response send(String method, String path, String accept, String authorization, String contentType, byte[] body)
            throws IOException {
        try {
            if (socket == null) {
                open();
            }
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(host).append(':').append(port).append("\r\n")
                    .append("Accept: ").append(accept).append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n")
                        .append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse(method);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        connections++;
    }

    private Response readResponse(String method) throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("Not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        String contentType = null;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 1) {
                throw new IOException("Malformed header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                case "content-type" -> contentType = value;
                default -> {
                }
            }
        }
        byte[] body;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            body = in.readNBytes(Math.toIntExact(contentLength));
            if (body.length != contentLength) {
                throw new EOFException("Body ended after " + body.length + " of " + contentLength + " bytes");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, contentType, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8 * 1024);
        while (true) {
            String sizeLine = line();
            int extension = sizeLine.indexOf(';');
            int size = Integer.parseInt((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("Chunk ended after " + chunk.length + " of " + size + " bytes");
            }
            body.write(chunk);
            if (!line().isEmpty()) {
                throw new IOException("No CRLF after a chunk");
            }
        }
    }

    /** One header line without its CRLF; headers are ASCII. */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed by the server" + (line.isEmpty() ? "" : " after: " + line));
            }
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we are discarding anyway
            }
            socket = null;
            in = null;
            out = null;
        }
    }
}
