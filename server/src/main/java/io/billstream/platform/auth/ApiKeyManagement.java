package io.billstream.platform.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.versioning.ApiVersions;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, listing and revoking a tenant's API keys. */
@Service
public class ApiKeyManagement {

    private final ApiKeys keys;
    private final ApiKeyCache cache;
    private final AuditLog audit;
    private final ApiVersions versions;
    private final Clock clock;

    ApiKeyManagement(ApiKeys keys, ApiKeyCache cache, AuditLog audit, ApiVersions versions, Clock clock) {
        this.keys = keys;
        this.cache = cache;
        this.audit = audit;
        this.versions = versions;
        this.clock = clock;
    }

    /** Creates a key pinned to the newest API version. */
    @Transactional
    public ApiKeyView create(String tenantId, String name, List<String> scopes, Instant expiresAt, String presetSecret) {
        return create(tenantId, name, scopes, expiresAt, presetSecret, null);
    }

    /**
     * Creates a key in {@code tenantId}. {@code presetSecret} is for the bootstrap key a script
     * chose in advance; otherwise a random secret is generated. {@code apiVersion} pins the key's
     * version (null: the newest).
     */
    @Transactional
    public ApiKeyView create(String tenantId, String name, List<String> scopes, Instant expiresAt, String presetSecret,
                             String apiVersion) {
        String pinned = PinnedVersion.choose(versions, apiVersion);
        List<String> granted = scopes == null || scopes.isEmpty() ? Scopes.ALL : List.copyOf(scopes);
        for (int i = 0; i < granted.size(); i++) {
            if (!Scopes.ALL.contains(granted.get(i))) {
                throw ApiException.invalid("scopes[" + i + "]", "Unknown scope '" + granted.get(i) + "'; known scopes: " + Scopes.ALL);
            }
        }
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw ApiException.invalid("expires_at", "expires_at must be in the future");
        }
        String secret = presetSecret != null ? presetSecret : SecretTokens.generate("sk_");
        ApiKey key = new ApiKey(Ids.next("key"), tenantId, name == null ? "API key" : name, SecretTokens.hint(secret),
                granted.stream().distinct().toList(), now, expiresAt, null, pinned);
        keys.insert(key, SecretTokens.sha256(secret));
        ApiKeyView view = ApiKeyView.of(key, now, null);
        audit.record("api_key.create", "api_key", key.id(), null, view);
        return ApiKeyView.of(key, now, secret);
    }

    @Transactional(readOnly = true)
    public ListPage<ApiKeyView> list(String tenantId, PageRequest page) {
        Instant now = clock.instant();
        return ListPage.of(keys.list(tenantId, page), page, ApiKey::id, key -> ApiKeyView.of(key, now, null));
    }

    @Transactional
    public ApiKeyView revoke(String tenantId, String id) {
        ApiKey key = keys.find(tenantId, id).orElseThrow(() -> ApiException.notFound("API key", id));
        Instant now = clock.instant();
        ApiKey revoked = key.revoke(now);
        if (revoked != key) {
            keys.markRevoked(revoked);
            cache.evictAfterCommit(id);
            audit.record("api_key.revoke", "api_key", id, ApiKeyView.of(key, now, null), ApiKeyView.of(revoked, now, null));
        }
        return ApiKeyView.of(revoked, now, null);
    }
}
