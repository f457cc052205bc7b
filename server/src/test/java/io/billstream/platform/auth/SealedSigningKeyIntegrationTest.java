package io.billstream.platform.auth;

import java.security.KeyPairGenerator;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;

import javax.sql.DataSource;

import io.billstream.platform.crypto.SecretBox;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class SealedSigningKeyIntegrationTest extends IntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    SecretBox secrets;

    @Test
    void a_plaintext_signing_key_left_by_an_earlier_version_is_sealed_and_its_plaintext_cleared() throws Exception {
        JdbcClient owner = JdbcClient.create(ownerDataSource);
        var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String kid = "kid_legacy_" + System.nanoTime();
        // Far in the future, so the key the server signs with stays the oldest one.
        owner.sql("INSERT INTO signing_keys (kid, algorithm, public_key, private_key, created_at) VALUES (:kid, 'RS256', :pub, :priv, :at)")
                .param("kid", kid).param("pub", pair.getPublic().getEncoded()).param("priv", pair.getPrivate().getEncoded())
                .param("at", Timestamp.from(Instant.parse("2999-01-01T00:00:00Z")))
                .update();
        try {
            signingKeys.sealStoredKeys();

            var row = owner.sql("SELECT private_key, private_key_sealed FROM signing_keys WHERE kid = :kid").param("kid", kid)
                    .query((rs, n) -> new Object[] {rs.getBytes("private_key"), rs.getString("private_key_sealed")}).single();
            assertThat(row[0]).as("plaintext cleared").isNull();
            assertThat((String) row[1]).startsWith("v1.");
            assertThat(Base64.getDecoder().decode(secrets.open((String) row[1]))).isEqualTo(pair.getPrivate().getEncoded());
        } finally {
            owner.sql("DELETE FROM signing_keys WHERE kid = :kid").param("kid", kid).update();
        }
    }

    @Test
    void the_key_that_signs_tokens_is_stored_sealed_only() {
        // Signing a token makes the server load or create its key.
        var tenant = newTenant();
        var client = api.post("/v1/oauth-clients", tenant.adminKey(), "{\"name\":\"crm\",\"scopes\":[\"events:read\"]}");
        assertThat(client.status()).as(client.toString()).isEqualTo(201);
        String form = "grant_type=client_credentials&client_id=" + client.field("client_id") + "&client_secret=" + client.field("client_secret");
        var token = api.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build());
        assertThat(token.status()).as(token.toString()).isEqualTo(200);

        JdbcClient owner = JdbcClient.create(ownerDataSource);
        assertThat(owner.sql("SELECT count(*) FROM signing_keys WHERE private_key IS NOT NULL").query(Long.class).single()).isZero();
        assertThat(owner.sql("SELECT count(*) FROM signing_keys WHERE private_key_sealed LIKE 'v1.%'").query(Long.class).single()).isPositive();
        assertThat(api.get("/v1/webhook-endpoints", token.field("access_token")).status()).isEqualTo(200);
    }
}
