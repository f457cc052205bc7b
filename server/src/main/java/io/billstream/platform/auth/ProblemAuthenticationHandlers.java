package io.billstream.platform.auth;

import java.io.IOException;

import io.billstream.platform.web.ProblemResponses;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problem responses, with the {@code WWW-Authenticate} header RFC 6750 asks for. */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemResponses problems;

    ProblemAuthenticationHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        if (e instanceof OAuth2AuthenticationException oauth) {
            String description = oauth.getError().getDescription() == null ? "The bearer token is invalid"
                    : oauth.getError().getDescription();
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"billstream\", error=\"invalid_token\"");
            problems.write(request, response, HttpStatus.UNAUTHORIZED, "invalid_token", "Authorization", description);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"billstream\"");
        problems.write(request, response, HttpStatus.UNAUTHORIZED, "authentication_required", "Authorization",
                "Send an API key or OAuth access token as 'Authorization: Bearer <token>'");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"billstream\", error=\"insufficient_scope\"");
        problems.write(request, response, HttpStatus.FORBIDDEN, "insufficient_scope", null,
                "This credential lacks the scope this endpoint requires");
    }
}
