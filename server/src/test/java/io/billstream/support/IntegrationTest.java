package io.billstream.support;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server on a random port over a real embedded PostgreSQL, shared by every integration
 * test class in the JVM. Tests isolate themselves by creating their own tenant.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Logging levels must be known when logging starts, before dynamic properties exist.
        properties = "logging.level.billstream.access=debug")
public abstract class IntegrationTest {

    public static final String OPERATOR_KEY = "sk_test_operator_0123456789abcdef";
    /** What sandbox provider callbacks are signed with in tests. */
    public static final String SANDBOX_CALLBACK_SECRET = "whsec_test_sandbox_0123456789abcdef";
    private static final Path DATA_DIRECTORY = Path.of("target", "it-postgres", UUID.randomUUID().toString());

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("billstream.db.embedded.data-directory", DATA_DIRECTORY::toString);
        // Durability is tested by restarting the server, not by surviving a power cut.
        registry.add("billstream.db.embedded.settings.fsync", () -> "off");
        registry.add("billstream.bootstrap-api-key", () -> OPERATOR_KEY);
        // Test clocks advance on the scheduler's tick; a short one keeps lifecycle tests quick.
        registry.add("billstream.scheduler.tick", () -> "PT0.2S");
        registry.add("billstream.payments.sandbox.callback-secret", () -> SANDBOX_CALLBACK_SECRET);
    }

    @Value("${local.server.port}")
    protected int port;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A fresh tenant and its admin API key (all scopes). */
    protected TenantFixture newTenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
        ApiResponse created = api.post("/v1/tenants", OPERATOR_KEY, "{\"name\":\"Test " + slug + "\",\"slug\":\"" + slug + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new TenantFixture(created.json().get("tenant").get("id").asString(),
                created.json().get("admin_key").get("secret").asString());
    }

    /** Creates an API key with exactly these scopes in the tenant of {@code adminKey}; returns its secret. */
    protected String apiKey(String adminKey, String... scopes) {
        String list = String.join("\",\"", scopes);
        ApiResponse key = api.post("/v1/api-keys", adminKey, "{\"name\":\"test\",\"scopes\":[\"" + list + "\"]}");
        assertThat(key.status()).as(key.toString()).isEqualTo(201);
        return key.field("secret");
    }

    protected ApiResponse createCustomer(String key, String json) {
        ApiResponse response = api.post("/v1/customers", key, json);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response;
    }

    public record TenantFixture(String id, String adminKey) {
    }
}
