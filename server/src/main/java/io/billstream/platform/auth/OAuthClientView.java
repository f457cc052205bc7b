package io.billstream.platform.auth;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** An OAuth client as the API shows it; {@code client_secret} only in the response that created it. */
@JacksonXmlRootElement(localName = "oauth_client")
public record OAuthClientView(String id, String object, String clientId, String name, List<String> scopes, String status,
                              int accessTokenTtlSeconds, @JsonInclude(JsonInclude.Include.NON_NULL) String clientSecret,
                              String apiVersion, Instant createdAt, Instant revokedAt) {

    static OAuthClientView of(OAuthClient client, String secret) {
        return new OAuthClientView(client.id(), "oauth_client", client.id(), client.name(), client.scopes(),
                client.revokedAt() == null ? "active" : "revoked", client.accessTokenTtlSeconds(), secret,
                client.apiVersion(), client.createdAt(), client.revokedAt());
    }
}
