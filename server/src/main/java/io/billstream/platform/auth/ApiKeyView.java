package io.billstream.platform.auth;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** An API key as the API shows it; {@code secret} only in the response that created it. */
@JacksonXmlRootElement(localName = "api_key")
public record ApiKeyView(String id, String object, String name, List<String> scopes, String status, String secretHint,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String secret, String apiVersion, Instant createdAt,
                         Instant expiresAt, Instant revokedAt) {

    static ApiKeyView of(ApiKey key, Instant now, String secret) {
        return new ApiKeyView(key.id(), "api_key", key.name(), key.scopes(), key.status(now), "sk_..." + key.secretHint(),
                secret, key.apiVersion(), key.createdAt(), key.expiresAt(), key.revokedAt());
    }
}
