package io.billstream.platform.auth;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import javax.sql.DataSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticationIntegrationTest extends IntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    @Autowired
    io.billstream.platform.crypto.SecretBox secrets;

    @Test
    void missing_token_is_401_problem_with_www_authenticate() {
        ApiResponse response = api.get("/v1/customers", null);

        assertUnauthorized(response, "authentication_required");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void malformed_tokens_are_401() {
        assertUnauthorized(api.send("GET", "/v1/customers", null, null, "Authorization", "Bearer not a token!"), "invalid_token");
        assertUnauthorized(api.get("/v1/customers", "garbage"), "invalid_token");
        assertUnauthorized(api.get("/v1/customers", "sk_unknown_key_value"), "invalid_token");
        assertUnauthorized(api.send("GET", "/v1/customers", null, null, "Authorization", "Basic dXNlcjpwYXNz"), "authentication_required");
    }

    @Test
    void a_401_is_xml_when_the_client_asks_for_xml() {
        ApiResponse response = api.get("/v1/customers", null, "Accept", "application/xml");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+xml");
        assertThat(response.body()).contains("<code>authentication_required</code>");
    }

    @Test
    void revoked_api_key_is_401() {
        var tenant = newTenant();
        ApiResponse created = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"ci\",\"scopes\":[\"billing:read\"]}");
        String secret = created.field("secret");
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);

        ApiResponse revoked = api.delete("/v1/api-keys/" + created.field("id"), tenant.adminKey());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.field("status")).isEqualTo("revoked");
        ApiResponse refused = api.get("/v1/customers", secret);
        assertUnauthorized(refused, "invalid_token");
        assertThat(refused.field("detail")).contains("revoked");
    }

    @Test
    void expired_api_key_is_401() throws InterruptedException {
        var tenant = newTenant();
        String expiresAt = Instant.now().plusMillis(1500).toString();
        ApiResponse created = api.post("/v1/api-keys", tenant.adminKey(), "{\"expires_at\":\"" + expiresAt + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(api.get("/v1/customers", created.field("secret")).status()).isEqualTo(200);

        Thread.sleep(2000);

        ApiResponse refused = api.get("/v1/customers", created.field("secret"));
        assertUnauthorized(refused, "invalid_token");
        assertThat(refused.field("detail")).contains("expired");
    }

    @Test
    void api_key_secret_is_shown_once_and_stored_hashed() {
        var tenant = newTenant();
        ApiResponse created = api.post("/v1/api-keys", tenant.adminKey(), "{\"name\":\"shown once\"}");

        ApiResponse listed = api.get("/v1/api-keys", tenant.adminKey());

        assertThat(listed.body()).doesNotContain(created.field("secret"));
        assertThat(listed.json().get("data").get(0).has("secret")).isFalse();
        String stored = JdbcClient.create(ownerDataSource).sql("SELECT encode(secret_hash, 'hex') FROM api_keys WHERE id = :id")
                .param("id", created.field("id")).query(String.class).single();
        assertThat(stored).hasSize(64).doesNotContain(created.field("secret"));
    }

    @Test
    void client_credentials_grant_with_basic_and_post_authentication() {
        var tenant = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{\"name\":\"crm\",\"scopes\":[\"billing:read\",\"events:read\"]}");
        assertThat(client.status()).as(client.toString()).isEqualTo(201);

        ApiResponse basic = token(client.field("client_id"), client.field("client_secret"), null, true);
        ApiResponse post = token(client.field("client_id"), client.field("client_secret"), "events:read", false);

        assertThat(basic.status()).as(basic.toString()).isEqualTo(200);
        assertThat(basic.field("token_type")).isEqualTo("Bearer");
        assertThat(basic.field("scope")).contains("billing:read").contains("events:read");
        assertThat(api.get("/v1/customers", basic.field("access_token")).status()).isEqualTo(200);
        assertThat(post.status()).as(post.toString()).isEqualTo(200);
        assertThat(post.field("scope")).isEqualTo("events:read");
        assertThat(api.get("/v1/billing-events", post.field("access_token")).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers", post.field("access_token")).status()).isEqualTo(403);
    }

    @Test
    void token_endpoint_refuses_wrong_secret_and_unknown_scope() {
        var tenant = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{\"scopes\":[\"events:read\"]}");

        ApiResponse wrongSecret = token(client.field("client_id"), "ocs_wrong", null, true);
        ApiResponse extraScope = token(client.field("client_id"), client.field("client_secret"), "admin", true);

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.field("error")).isEqualTo("invalid_client");
        assertThat(extraScope.status()).isEqualTo(400);
        assertThat(extraScope.field("error")).isEqualTo("invalid_scope");
    }

    @Test
    void revoked_oauth_client_loses_its_unexpired_tokens() {
        var tenant = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{}");
        String accessToken = token(client.field("client_id"), client.field("client_secret"), null, true).field("access_token");
        assertThat(api.get("/v1/customers", accessToken).status()).isEqualTo(200);

        api.delete("/v1/oauth-clients/" + client.field("id"), tenant.adminKey());

        assertUnauthorized(api.get("/v1/customers", accessToken), "invalid_token");
        assertThat(token(client.field("client_id"), client.field("client_secret"), null, true).status()).isEqualTo(401);
    }

    @Test
    void expired_access_token_signed_with_the_real_key_is_401() throws Exception {
        var tenant = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{}");
        token(client.field("client_id"), client.field("client_secret"), null, true); // makes sure the signing key exists
        SigningKey key = serverSigningKey();
        String expired = sign(key.privateKey(), key.kid(), client.field("client_id"), tenant.id(), Instant.now().minusSeconds(600));
        String valid = sign(key.privateKey(), key.kid(), client.field("client_id"), tenant.id(), Instant.now().plusSeconds(600));

        assertThat(api.get("/v1/customers", valid).status()).as("control: same key, not expired").isEqualTo(200);
        ApiResponse refused = api.get("/v1/customers", expired);
        assertUnauthorized(refused, "invalid_token");
        assertThat(refused.field("detail")).containsIgnoringCase("expired");
    }

    @Test
    void forged_access_token_is_401() throws Exception {
        var tenant = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenant.adminKey(), "{}");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String kid = JdbcClient.create(ownerDataSource).sql("SELECT kid FROM signing_keys ORDER BY created_at LIMIT 1")
                .query(String.class).optional().orElse("kid_unknown");

        String forged = sign((RSAPrivateKey) generator.generateKeyPair().getPrivate(), kid, client.field("client_id"), tenant.id(),
                Instant.now().plusSeconds(600));

        assertUnauthorized(api.get("/v1/customers", forged), "invalid_token");
    }

    @Test
    void token_of_one_tenant_cannot_claim_another() throws Exception {
        var tenantA = newTenant();
        var tenantB = newTenant();
        ApiResponse client = api.post("/v1/oauth-clients", tenantA.adminKey(), "{}");
        token(client.field("client_id"), client.field("client_secret"), null, true);
        SigningKey key = serverSigningKey();

        String crossTenant = sign(key.privateKey(), key.kid(), client.field("client_id"), tenantB.id(), Instant.now().plusSeconds(600));

        assertUnauthorized(api.get("/v1/customers", crossTenant), "invalid_token");
    }

    @Test
    void wrong_scope_is_403_problem() {
        var tenant = newTenant();
        String readOnly = apiKey(tenant.adminKey(), "billing:read");

        ApiResponse write = api.post("/v1/customers", readOnly, "{\"name\":\"x\"}");
        ApiResponse admin = api.get("/v1/api-keys", readOnly);
        ApiResponse events = api.get("/v1/billing-events", readOnly);

        for (ApiResponse response : List.of(write, admin, events)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(403);
            assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope");
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.field("code")).isEqualTo("insufficient_scope");
            assertThat(response.field("request_id")).startsWith("req_");
        }
        assertThat(api.get("/v1/customers", readOnly).status()).isEqualTo(200);
    }

    @Test
    void only_the_operator_tenant_creates_tenants() {
        var tenant = newTenant();

        ApiResponse response = api.post("/v1/tenants", tenant.adminKey(), "{\"name\":\"Nope\",\"slug\":\"nope-" + System.nanoTime() + "\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.field("code")).isEqualTo("operator_only");
    }

    @Test
    void a_tenant_slug_is_taken_once() {
        String slug = "dup-" + System.nanoTime();
        assertThat(api.post("/v1/tenants", OPERATOR_KEY, "{\"name\":\"One\",\"slug\":\"" + slug + "\"}").status()).isEqualTo(201);

        ApiResponse again = api.post("/v1/tenants", OPERATOR_KEY, "{\"name\":\"Two\",\"slug\":\"" + slug + "\"}");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("slug_taken");
        assertThat(again.field("param")).isEqualTo("slug");
    }

    @Test
    void jwks_publishes_only_public_key_material() {
        ApiResponse jwks = api.get("/oauth2/jwks", null);

        assertThat(jwks.status()).isEqualTo(200);
        var first = jwks.json().get("keys").get(0);
        assertThat(first.get("kty").asString()).isEqualTo("RSA");
        assertThat(first.has("n")).isTrue();
        assertThat(first.has("d")).as("private exponent").isFalse();
    }

    private ApiResponse token(String clientId, String secret, String scope, boolean basic) {
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (scope != null) {
            form.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (basic) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        } else {
            form.append("&client_id=").append(clientId).append("&client_secret=").append(secret);
        }
        return api.send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString())).build());
    }

    private record SigningKey(String kid, RSAPrivateKey privateKey) {
    }

    /** The server's own signing key, read from the database as only its owner can, and opened with the server's encryption key. */
    private SigningKey serverSigningKey() {
        return JdbcClient.create(ownerDataSource).sql("SELECT kid, private_key_sealed FROM signing_keys ORDER BY created_at LIMIT 1")
                .query((rs, n) -> {
                    try {
                        byte[] privateKey = java.util.Base64.getDecoder().decode(secrets.open(rs.getString(2)));
                        return new SigningKey(rs.getString(1), (RSAPrivateKey) java.security.KeyFactory.getInstance("RSA")
                                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(privateKey)));
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                }).single();
    }

    private static String sign(RSAPrivateKey key, String kid, String clientId, String tenantId, Instant expiresAt) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(clientId)
                .claim("tenant_id", tenantId)
                .claim("scope", List.of("billing:read"))
                .issueTime(Date.from(expiresAt.minusSeconds(3600)))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static void assertUnauthorized(ApiResponse response, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.field("code")).isEqualTo(code);
        assertThat(response.field("status")).isEqualTo("401");
    }
}
