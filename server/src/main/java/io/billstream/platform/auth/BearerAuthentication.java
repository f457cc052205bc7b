package io.billstream.platform.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * The two kinds of bearer credential. An {@code sk_} token is an API key, looked up by its hash;
 * anything else must be an access token this server signed, whose OAuth client must still be active.
 */
final class BearerAuthentication {

    static final String API_KEY_PREFIX = "sk_";

    private BearerAuthentication() {
    }

    static AuthenticationProvider apiKeys(ApiKeyCache keys, Clock clock) {
        return new AuthenticationProvider() {
            @Override
            public Authentication authenticate(Authentication authentication) {
                String token = ((BearerTokenAuthenticationToken) authentication).getToken();
                ApiKey key = keys.find(SecretTokens.sha256(token))
                        .orElseThrow(() -> new InvalidBearerTokenException("Unknown API key"));
                Instant now = clock.instant();
                switch (key.status(now)) {
                    case "revoked" -> throw new InvalidBearerTokenException("This API key was revoked");
                    case "expired" -> throw new InvalidBearerTokenException("This API key has expired");
                    default -> {
                        return new CallerAuthentication(new Caller(key.tenantId(), Caller.API_KEY, key.id(), Set.copyOf(key.scopes())),
                                key.apiVersion());
                    }
                }
            }

            @Override
            public boolean supports(Class<?> authentication) {
                return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
            }
        };
    }

    static AbstractAuthenticationToken accessToken(Jwt jwt, OAuthClients clients) {
        String clientId = jwt.getSubject();
        String tenantId = jwt.getClaimAsString("tenant_id");
        if (clientId == null || tenantId == null) {
            throw new InvalidBearerTokenException("The access token was not issued by Billstream's token endpoint");
        }
        OAuthClients.Credentials credentials = clients.findCredentials(clientId)
                .filter(found -> found.client().tenantId().equals(tenantId))
                .orElseThrow(() -> new InvalidBearerTokenException("The access token's client no longer exists"));
        if (credentials.client().revokedAt() != null) {
            throw new InvalidBearerTokenException("The access token's OAuth client was revoked");
        }
        Set<String> scopes = new LinkedHashSet<>(scopeClaim(jwt));
        // A scope removed from the client since the token was issued no longer counts.
        scopes.retainAll(credentials.client().scopes());
        return new CallerAuthentication(new Caller(tenantId, Caller.OAUTH_CLIENT, clientId, Set.copyOf(scopes)),
                credentials.client().apiVersion());
    }

    private static List<String> scopeClaim(Jwt jwt) {
        Object claim = jwt.getClaim("scope");
        if (claim instanceof String text) {
            return List.of(text.split(" "));
        }
        if (claim instanceof java.util.Collection<?> values) {
            return values.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
