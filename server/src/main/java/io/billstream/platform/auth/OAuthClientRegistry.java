package io.billstream.platform.auth;

import java.time.Duration;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Presents the tenants' OAuth clients to Spring Authorization Server. Only the client-credentials
 * grant is offered; a revoked client is unknown to the token endpoint.
 */
@Component
class OAuthClientRegistry implements RegisteredClientRepository {

    static final String TENANT_SETTING = "billstream.tenant_id";

    private final OAuthClients clients;

    OAuthClientRegistry(OAuthClients clients) {
        this.clients = clients;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("OAuth clients are registered through POST /v1/oauth-clients");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return clients.findCredentials(clientId)
                .filter(credentials -> credentials.client().revokedAt() == null)
                .map(credentials -> RegisteredClient.withId(clientId)
                        .clientId(clientId)
                        .clientSecret(credentials.secretHash())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scopes(scopes -> scopes.addAll(credentials.client().scopes()))
                        .clientSettings(ClientSettings.builder().setting(TENANT_SETTING, credentials.client().tenantId()).build())
                        .tokenSettings(TokenSettings.builder()
                                .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                                .accessTokenTimeToLive(Duration.ofSeconds(credentials.client().accessTokenTtlSeconds()))
                                .build())
                        .build())
                .orElse(null);
    }
}
