package io.billstream.platform.auth;

import java.nio.ByteBuffer;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.billstream.platform.web.ApiProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys recently looked up, by secret hash. Authentication runs on every request, and the
 * entitlement check (the hottest read path) would otherwise spend a database round trip on the key
 * before its own query. Expiry is still checked on every request against the cached
 * {@code expires_at}; a revocation evicts the key on this instance as soon as it commits and
 * reaches other instances within the configured time to live.
 */
@Component
class ApiKeyCache {

    private static final int MAX_KEYS = 10_000;

    private final ApiKeys keys;
    private final Cache<ByteBuffer, ApiKey> cache;

    ApiKeyCache(ApiKeys keys, ApiProperties properties) {
        this.keys = keys;
        this.cache = properties.apiKeyCacheTtl().isZero() ? null
                : Caffeine.newBuilder().expireAfterWrite(properties.apiKeyCacheTtl()).maximumSize(MAX_KEYS).build();
    }

    /** Only keys that exist are cached: an unknown secret always asks the database. */
    Optional<ApiKey> find(byte[] secretHash) {
        if (cache == null) {
            return keys.findBySecretHash(secretHash);
        }
        ByteBuffer hash = ByteBuffer.wrap(secretHash);
        ApiKey cached = cache.getIfPresent(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ApiKey> found = keys.findBySecretHash(secretHash);
        // A revoked key is cached too: it is refused either way, and revocation never reverts.
        found.ifPresent(key -> cache.put(hash, key));
        return found;
    }

    /** Evicts a key once the transaction that revoked it commits (evicting earlier could re-cache the old row). */
    void evictAfterCommit(String keyId) {
        if (cache == null) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    evict(keyId);
                }
            });
        } else {
            evict(keyId);
        }
    }

    private void evict(String keyId) {
        cache.asMap().values().removeIf(key -> key.id().equals(keyId));
    }
}
