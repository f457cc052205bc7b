package io.billstream.platform.ratelimit;

import java.io.IOException;
import java.util.Set;

import io.billstream.platform.auth.Caller;
import io.billstream.platform.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes every authenticated request from its credential's bucket (ingestion or rest) and every
 * provider callback from its client address's, and says where the caller stands in
 * {@code RateLimit-Policy} and {@code RateLimit} (draft-ietf-httpapi-ratelimit-headers-09). An empty
 * bucket is a 429 with {@code Retry-After}. Other unauthenticated requests (health, documentation,
 * refused credentials) are not limited here.
 */
@Component
@Order(1) // after authentication (Spring Security, -100), before versioning (2) and idempotency (10)
class RateLimitFilter extends OncePerRequestFilter {

    static final String POLICY_HEADER = "RateLimit-Policy";
    static final String HEADER = "RateLimit";
    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    /** The usage-ingestion endpoints (io.billstream.usage.web), all POST. */
    private static final Set<String> INGESTION_PATHS = Set.of("/v1/events", "/v1/events/batch", "/v1/usage", "/v1/event-imports");

    private final RateLimitProperties properties;
    private final RateLimitSettings settings;
    private final RateLimitBuckets buckets;
    private final ProblemResponses problems;

    RateLimitFilter(RateLimitProperties properties, RateLimitSettings settings, RateLimitBuckets buckets, ProblemResponses problems) {
        this.properties = properties;
        this.settings = settings;
        this.buckets = buckets;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimitDecision decision = properties.enabled() ? decide(request) : null;
        if (decision != null) {
            response.setHeader(POLICY_HEADER, decision.policy().policyItem());
            response.setHeader(HEADER, decision.rateLimitField());
            if (!decision.allowed()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
                problems.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate_limited", null,
                        "Too many requests for the '" + decision.policy().name() + "' limit of " + decision.policy().quota()
                                + " per " + decision.policy().windowSeconds() + " s; retry after " + decision.retryAfterSeconds() + " s");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private RateLimitDecision decide(HttpServletRequest request) {
        Caller caller = Caller.current().orElse(null);
        try {
            if (caller != null) {
                RateLimitSettings.Effective limits = settings.forTenant(caller.tenantId());
                // API key and OAuth client IDs have distinct prefixes, so the ID alone names the bucket.
                return buckets.take(caller.actorId(), isIngestion(request) ? limits.ingestion() : limits.rest());
            }
            if (isProviderCallback(request)) {
                return buckets.take("ip:" + request.getRemoteAddr(), properties.callbacks());
            }
            return null;
        } catch (RuntimeException e) {
            // The limit protects the service; an unreachable bucket store must not take the API down with it.
            log.warn("Rate limit not applied: the bucket store failed", e);
            return null;
        }
    }

    private static boolean isIngestion(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && INGESTION_PATHS.contains(path(request));
    }

    private static boolean isProviderCallback(HttpServletRequest request) {
        String path = path(request);
        return "POST".equals(request.getMethod()) && path.startsWith("/v1/providers/") && path.endsWith("/callbacks");
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = context == null || context.isEmpty() ? uri : uri.substring(context.length());
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }
}
