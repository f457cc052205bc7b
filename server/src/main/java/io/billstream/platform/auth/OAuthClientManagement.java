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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registering, listing and revoking a tenant's OAuth clients. */
@Service
public class OAuthClientManagement {

    static final int DEFAULT_TOKEN_TTL_SECONDS = 3600;

    private final OAuthClients clients;
    private final PasswordEncoder passwordEncoder;
    private final AuditLog audit;
    private final ApiVersions versions;
    private final Clock clock;

    OAuthClientManagement(OAuthClients clients, PasswordEncoder passwordEncoder, AuditLog audit, ApiVersions versions,
                          Clock clock) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.audit = audit;
        this.versions = versions;
        this.clock = clock;
    }

    /** Registers a client pinned to {@code apiVersion} (null: the newest). */
    @Transactional
    public OAuthClientView create(String tenantId, String name, List<String> scopes, Integer accessTokenTtlSeconds,
                                  String apiVersion) {
        String pinned = PinnedVersion.choose(versions, apiVersion);
        List<String> granted = scopes == null || scopes.isEmpty() ? Scopes.ALL : scopes.stream().distinct().toList();
        for (int i = 0; i < granted.size(); i++) {
            if (!Scopes.ALL.contains(granted.get(i))) {
                throw ApiException.invalid("scopes[" + i + "]", "Unknown scope '" + granted.get(i) + "'; known scopes: " + Scopes.ALL);
            }
        }
        int ttl = accessTokenTtlSeconds == null ? DEFAULT_TOKEN_TTL_SECONDS : accessTokenTtlSeconds;
        String secret = SecretTokens.generate("ocs_");
        OAuthClient client = new OAuthClient(Ids.next("oac"), tenantId, name == null ? "OAuth client" : name, granted, ttl,
                clock.instant(), null, pinned);
        clients.insert(client, passwordEncoder.encode(secret));
        audit.record("oauth_client.create", "oauth_client", client.id(), null, OAuthClientView.of(client, null));
        return OAuthClientView.of(client, secret);
    }

    @Transactional(readOnly = true)
    public ListPage<OAuthClientView> list(String tenantId, PageRequest page) {
        return ListPage.of(clients.list(tenantId, page), page, OAuthClient::id, client -> OAuthClientView.of(client, null));
    }

    @Transactional
    public OAuthClientView revoke(String tenantId, String id) {
        OAuthClient client = clients.find(tenantId, id).orElseThrow(() -> ApiException.notFound("OAuth client", id));
        Instant now = clock.instant();
        OAuthClient revoked = client.revoke(now);
        if (revoked != client) {
            clients.markRevoked(revoked);
            audit.record("oauth_client.revoke", "oauth_client", id, OAuthClientView.of(client, null), OAuthClientView.of(revoked, null));
        }
        return OAuthClientView.of(revoked, null);
    }
}
