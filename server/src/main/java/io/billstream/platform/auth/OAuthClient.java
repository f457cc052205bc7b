package io.billstream.platform.auth;

import java.time.Instant;
import java.util.List;

/**
 * A machine client of a tenant that obtains access tokens with the client-credentials grant; its
 * requests are answered in {@code apiVersion} unless they ask for another.
 */
record OAuthClient(String id, String tenantId, String name, List<String> scopes, int accessTokenTtlSeconds,
                   Instant createdAt, Instant revokedAt, String apiVersion) {

    OAuthClient revoke(Instant now) {
        return revokedAt != null ? this : new OAuthClient(id, tenantId, name, scopes, accessTokenTtlSeconds, createdAt, now, apiVersion);
    }
}
