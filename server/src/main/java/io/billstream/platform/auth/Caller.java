package io.billstream.platform.auth;

import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling: the tenant they act for, the credential they used, and its scopes.
 *
 * @param actorType {@code api_key} or {@code oauth_client}
 * @param actorId   the API key's or OAuth client's ID
 */
public record Caller(String tenantId, String actorType, String actorId, Set<String> scopes) {

    public static final String API_KEY = "api_key";
    public static final String OAUTH_CLIENT = "oauth_client";

    /** The authenticated caller of the current request, if any. */
    public static java.util.Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return java.util.Optional.of(caller);
        }
        return java.util.Optional.empty();
    }

    /** The API version the current request's credential is pinned to, if an authenticated request is running. */
    public static java.util.Optional<String> currentApiVersion() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof CallerAuthentication caller) {
            return java.util.Optional.ofNullable(caller.apiVersion());
        }
        return java.util.Optional.empty();
    }
}
