package io.billstream.platform.auth;

import java.util.stream.Collectors;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated API request: the {@link Caller}, one {@code SCOPE_*} authority per scope, and the
 * API version the credential is pinned to.
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;
    private final String apiVersion;

    CallerAuthentication(Caller caller, String apiVersion) {
        super(caller.scopes().stream().map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).collect(Collectors.toSet()));
        this.caller = caller;
        this.apiVersion = apiVersion;
        setAuthenticated(true);
    }

    String apiVersion() {
        return apiVersion;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public String getName() {
        return caller.actorId();
    }
}
