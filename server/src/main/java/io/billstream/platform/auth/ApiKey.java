package io.billstream.platform.auth;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's secret API key. The secret itself is never stored, only its SHA-256 hash.
 * {@code apiVersion} is the version its requests are answered in unless they ask for another.
 */
record ApiKey(String id, String tenantId, String name, String secretHint, List<String> scopes,
              Instant createdAt, Instant expiresAt, Instant revokedAt, String apiVersion) {

    String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        return expiresAt != null && !expiresAt.isAfter(now) ? "expired" : "active";
    }

    ApiKey revoke(Instant now) {
        if (revokedAt != null) {
            return this;
        }
        return new ApiKey(id, tenantId, name, secretHint, scopes, createdAt, expiresAt, now, apiVersion);
    }
}
