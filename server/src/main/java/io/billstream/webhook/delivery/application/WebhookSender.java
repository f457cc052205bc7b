package io.billstream.webhook.delivery.application;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

import java.net.Socket;

import io.billstream.platform.crypto.SecretBox;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Outgoing;
import io.billstream.webhook.delivery.domain.AttemptOutcome;
import io.billstream.webhook.delivery.domain.RetryAfter;
import io.billstream.webhook.delivery.domain.WebhookSignature;
import io.billstream.webhook.endpoint.DestinationGuard;
import io.billstream.webhook.endpoint.UnsafeDestinationException;
import org.springframework.stereotype.Component;

/**
 * One attempt at one delivery: checks the destination (server-side request forgery), signs the
 * payload per the Standard Webhooks specification and POSTs it. Blocking; the workers call it on
 * virtual threads. Never throws: every failure is an outcome.
 */
@Component
class WebhookSender {

    static final String USER_AGENT = "Billstream-Webhooks/1.0";

    private final DestinationGuard guard;
    private final SecretBox secrets;
    private final Payloads payloads;
    private final Clock clock;
    private final WebhookDeliveryProperties properties;
    private final HttpClient verifying;
    private final HttpClient trustingAll;

    WebhookSender(DestinationGuard guard, SecretBox secrets, Payloads payloads, Clock clock, WebhookDeliveryProperties properties) {
        this.guard = guard;
        this.secrets = secrets;
        this.payloads = payloads;
        this.clock = clock;
        this.properties = properties;
        this.verifying = client(null);
        this.trustingAll = client(trustAll());
    }

    AttemptOutcome attempt(Outgoing delivery) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        try {
            URI url = URI.create(delivery.url());
            guard.check(url, delivery.allowPrivateUrls());
            Payloads.Payload payload = payloads.render(delivery);
            long timestamp = at.getEpochSecond();
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(properties.timeout())
                    .header("Content-Type", payload.contentType())
                    .header("User-Agent", USER_AGENT)
                    .header("webhook-id", delivery.event().id())
                    .header("webhook-timestamp", Long.toString(timestamp))
                    .header("webhook-signature", WebhookSignature.header(signingSecrets(delivery, at), delivery.event().id(), timestamp,
                            payload.body()))
                    .header("Billstream-Event-Type", delivery.eventType())
                    .header("Billstream-Sequence", Long.toString(delivery.eventSequence()))
                    .header("Billstream-Version", delivery.apiVersion())
                    .header("Billstream-Delivery-Id", delivery.id())
                    .POST(HttpRequest.BodyPublishers.ofString(payload.body(), StandardCharsets.UTF_8))
                    .build();
            HttpClient client = !delivery.verifyTls() && delivery.development() ? trustingAll : verifying;
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                byte[] start = in.readNBytes(AttemptOutcome.MAX_BODY_CHARS);
                body = new String(start, StandardCharsets.UTF_8);
            }
            Instant retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), at);
            return new AttemptOutcome(at, response.statusCode(), elapsedMs(started), body, null, retryAfter);
        } catch (UnsafeDestinationException e) {
            return failure(at, started, "destination refused: " + e.getMessage());
        } catch (HttpTimeoutException e) {
            return failure(at, started, "no response within " + properties.timeout().toSeconds() + " s");
        } catch (IOException e) {
            return failure(at, started, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(at, started, "interrupted (server shutting down)");
        } catch (RuntimeException e) {
            // A payload the mapping cannot render, an unreadable secret: the delivery fails and is retried, the worker goes on.
            return failure(at, started, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The current secret, and while a rotation's overlap lasts the previous one as well. */
    private List<String> signingSecrets(Outgoing delivery, Instant at) {
        List<String> keys = new ArrayList<>(2);
        keys.add(secrets.open(delivery.secretCiphertext()));
        if (delivery.previousSecretCiphertext() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(at)) {
            keys.add(secrets.open(delivery.previousSecretCiphertext()));
        }
        return keys;
    }

    private static AttemptOutcome failure(Instant at, long started, String error) {
        return new AttemptOutcome(at, null, elapsedMs(started), null, error, null);
    }

    private static int elapsedMs(long startedNanos) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - startedNanos) / 1_000_000);
    }

    private HttpClient client(SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        return builder.build();
    }

    /**
     * For development endpoints with verify_tls off only: accepts any certificate. Host names are
     * checked by the trust manager in the JDK's TLS stack, so this one skips that check as well.
     */
    private static SSLContext trustAll() {
        TrustManager acceptAll = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {acceptAll}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every JDK", e);
        }
    }
}
