package io.billstream.platform.versioning;

import java.io.IOException;

import io.billstream.platform.auth.Caller;
import io.billstream.platform.web.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides the version a request is answered in: the {@code Billstream-Version} header, else the
 * version the caller's credential is pinned to, else the newest. Echoes it on the response and
 * makes it {@link ApiVersions#current()} for the rest of the request.
 */
@Component
@Order(2) // after authentication (Spring Security, -100) and the rate limit (1): a throttled request costs nothing more
class ApiVersionFilter extends OncePerRequestFilter {

    static final String HEADER = "Billstream-Version";

    private final ApiVersions versions;
    private final ProblemResponses problems;

    ApiVersionFilter(ApiVersions versions, ProblemResponses problems) {
        this.versions = versions;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requested = request.getHeader(HEADER);
        String version;
        if (requested != null) {
            version = requested.strip();
            if (!versions.known(version)) {
                problems.write(request, response, HttpStatus.BAD_REQUEST, "unknown_api_version", HEADER,
                        "Unknown API version '" + requested + "'; known versions: " + versions.all());
                return;
            }
        } else {
            // A version no longer in the registry (never happens unless one is withdrawn) falls back to the newest.
            version = Caller.currentApiVersion().filter(versions::known).orElseGet(versions::newest);
        }
        response.setHeader(HEADER, version);
        try (ApiVersions.Scope ignored = ApiVersions.enter(version)) {
            chain.doFilter(request, response);
        }
    }
}
