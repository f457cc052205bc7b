package io.billstream.platform.idempotency;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.PayloadTooLargeException;
import io.billstream.platform.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code Idempotency-Key} on POST requests, the way Stripe does it.
 *
 * <p>The request runs inside one database transaction that also stores its response under the key,
 * so the change and the stored response commit together: a crash between them cannot leave a change
 * that a retry would make twice. A transaction-scoped advisory lock on the key makes a concurrent
 * request with the same key fail fast with 409 instead of waiting. A retry with the same body gets
 * the stored response (marked {@code Idempotent-Replayed: true}); a different body gets 422. Only
 * successful responses are stored: a failed request wrote nothing, so its key may be used again.
 * One-time secrets ({@code secret}, {@code client_secret}) are blanked in the stored copy: the
 * database keeps only their hashes, and a replay shows them as null.
 */
@Component
@Order(10) // after TenantContextFilter
public class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    /**
     * Endpoints that give the key their own meaning, so this filter leaves them alone. Usage events
     * are identified by {@code transaction_id}, kept for good rather than 24 h (on {@code /v1/usage}
     * the key becomes it); wrapping them here would hold a connection while the request waits for
     * the group-commit writers. Event imports stream bodies of any size in many transactions, which
     * this filter's buffered body and single transaction cannot do; they honour the key themselves.
     */
    private static final java.util.Set<String> OWN_KEY_HANDLING = java.util.Set.of("/v1/events", "/v1/events/batch", "/v1/usage");
    private static final String OWN_KEY_HANDLING_PREFIX = "/v1/event-imports";
    static final Duration RETENTION = Duration.ofHours(24);
    private static final int MAX_KEY_LENGTH = 255;
    private static final java.util.List<String> SECRET_FIELDS = java.util.List.of("secret", "client_secret");
    private static final java.util.regex.Pattern XML_SECRET = java.util.regex.Pattern.compile("<(secret|client_secret)>[^<]*</\\1>");

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProblemResponses problems;
    private final Clock clock;
    private final JsonMapper json;

    IdempotencyFilter(JdbcClient jdbc, TransactionTemplate transactions, ProblemResponses problems, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.problems = problems;
        this.clock = clock;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !request.getRequestURI().startsWith("/v1/") || TenantContext.currentOrNull() == null
                || OWN_KEY_HANDLING.contains(request.getRequestURI())
                || request.getRequestURI().startsWith(OWN_KEY_HANDLING_PREFIX);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "parameter_invalid", HEADER,
                    HEADER + " must be 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLargeException e) {
            problems.write(request, response, HttpStatus.CONTENT_TOO_LARGE, "request_too_large", null, e.getMessage());
            return;
        }
        byte[] fingerprint = fingerprint(request, body);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        Outcome outcome;
        try {
            outcome = transactions.execute(status -> handle(status, key, fingerprint, new BufferedRequest(request, body), captured, chain));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof ServletException servlet) {
                throw servlet;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
        switch (outcome) {
            case Outcome.Executed executed -> captured.copyBodyToResponse();
            case Outcome.Replayed replayed -> replay(replayed.stored(), response);
            case Outcome.InProgress inProgress -> problems.write(request, response, HttpStatus.CONFLICT, "idempotency_request_in_progress",
                    HEADER, "A request with this " + HEADER + " is still being processed; retry later");
            case Outcome.Mismatch mismatch -> problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency_key_reused",
                    HEADER, "This " + HEADER + " was used with a different request; use a new key for a new request");
        }
    }

    private Outcome handle(TransactionStatus status, String key, byte[] fingerprint, HttpServletRequest request,
                           ContentCachingResponseWrapper response, FilterChain chain) {
        String tenantId = TenantContext.require();
        Boolean locked = jdbc.sql("SELECT pg_try_advisory_xact_lock(hashtextextended(:lock, 0))")
                .param("lock", lockName(tenantId, key))
                .query(Boolean.class).single();
        if (!locked) {
            return new Outcome.InProgress();
        }
        java.sql.Timestamp cutoff = java.sql.Timestamp.from(clock.instant().minus(RETENTION));
        var stored = jdbc.sql("""
                SELECT request_fingerprint, response_status, response_content_type, response_location, response_body
                FROM idempotency_keys WHERE tenant_id = :tenant AND key = :key AND created_at > :cutoff
                """)
                .param("tenant", tenantId).param("key", key).param("cutoff", cutoff)
                .query((rs, n) -> new StoredResponse(rs.getBytes(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
                .optional();
        if (stored.isPresent()) {
            return Arrays.equals(stored.get().fingerprint(), fingerprint)
                    ? new Outcome.Replayed(stored.get()) : new Outcome.Mismatch();
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException e) {
            status.setRollbackOnly();
            throw new IllegalStateException(e);
        }
        if (response.getStatus() >= 300 || status.isRollbackOnly()) {
            status.setRollbackOnly();
            return new Outcome.Executed();
        }
        jdbc.sql("""
                INSERT INTO idempotency_keys (tenant_id, key, request_fingerprint, response_status, response_content_type,
                                              response_location, response_body, created_at)
                VALUES (:tenant, :key, :fingerprint, :status, :contentType, :location, :body, :now)
                ON CONFLICT (tenant_id, key) DO UPDATE SET
                    request_fingerprint = EXCLUDED.request_fingerprint, response_status = EXCLUDED.response_status,
                    response_content_type = EXCLUDED.response_content_type, response_location = EXCLUDED.response_location,
                    response_body = EXCLUDED.response_body, created_at = EXCLUDED.created_at
                """)
                .param("tenant", tenantId).param("key", key).param("fingerprint", fingerprint)
                .param("status", response.getStatus()).param("contentType", response.getContentType())
                .param("location", response.getHeader(HttpHeaders.LOCATION))
                .param("body", withoutSecrets(response.getContentType(), response.getContentAsByteArray()))
                .param("now", java.sql.Timestamp.from(clock.instant()))
                .update();
        return new Outcome.Executed();
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(stored.body());
    }

    private byte[] withoutSecrets(String contentType, byte[] body) {
        if (contentType == null || body.length == 0) {
            return body;
        }
        if (contentType.contains("json")) {
            JsonNode tree = json.readTree(body);
            return blankSecrets(tree) ? json.writeValueAsBytes(tree) : body;
        }
        if (contentType.contains("xml")) {
            // Our own serializer writes each field as one element named like the JSON field.
            return XML_SECRET.matcher(new String(body, StandardCharsets.UTF_8)).replaceAll("<$1/>").getBytes(StandardCharsets.UTF_8);
        }
        return body;
    }

    private static boolean blankSecrets(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (String secretField : SECRET_FIELDS) {
                if (object.has(secretField) && !object.get(secretField).isNull()) {
                    object.putNull(secretField);
                    changed = true;
                }
            }
        }
        for (JsonNode child : node) {
            changed |= blankSecrets(child);
        }
        return changed;
    }

    /** Visible to tests that hold the lock to simulate a request in flight. */
    static String lockName(String tenantId, String key) {
        return "idempotency:" + tenantId + ":" + key;
    }

    private static byte[] fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String target = request.getMethod() + " " + request.getRequestURI()
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString()) + "\n";
            digest.update(target.getBytes(StandardCharsets.UTF_8));
            digest.update(body);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes records past their 24 hours; run hourly by the persistent scheduler. */
    public void purgeExpired() {
        jdbc.sql("SELECT purge_idempotency_keys(:before)")
                .param("before", java.sql.Timestamp.from(clock.instant().minus(RETENTION)))
                .query(Long.class).single();
    }

    private record StoredResponse(byte[] fingerprint, int status, String contentType, String location, byte[] body) {
    }

    private sealed interface Outcome {
        record Executed() implements Outcome {
        }

        record Replayed(StoredResponse stored) implements Outcome {
        }

        record InProgress() implements Outcome {
        }

        record Mismatch() implements Outcome {
        }
    }

    /** The request with its body already read, so the controller can read it again. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Synchronous body");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
