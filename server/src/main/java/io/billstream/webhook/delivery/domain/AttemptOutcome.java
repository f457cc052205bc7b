package io.billstream.webhook.delivery.domain;

import java.time.Instant;

/**
 * What one attempt to deliver came to.
 *
 * @param responseStatus the HTTP status, or null when no response came (refused destination, timeout, connection error)
 * @param responseBody   the start of the response body, at most {@link #MAX_BODY_CHARS}
 * @param error          why no usable response came, or null
 * @param retryAfter     the receiver's Retry-After as an instant, or null
 */
public record AttemptOutcome(Instant attemptedAt, Integer responseStatus, int latencyMs, String responseBody, String error,
                             Instant retryAfter) {

    public static final int MAX_BODY_CHARS = 4096;

    public AttemptOutcome {
        if (responseBody != null && responseBody.length() > MAX_BODY_CHARS) {
            responseBody = responseBody.substring(0, MAX_BODY_CHARS);
        }
        if (error != null && error.length() > 1000) {
            error = error.substring(0, 1000);
        }
    }

    /** Only a 2xx counts as delivered; a redirect is a failure (receivers must give their final URL). */
    public boolean succeeded() {
        return responseStatus != null && responseStatus >= 200 && responseStatus < 300;
    }

    /** 410 Gone: the receiver says the endpoint no longer exists. */
    public boolean gone() {
        return responseStatus != null && responseStatus == 410;
    }
}
