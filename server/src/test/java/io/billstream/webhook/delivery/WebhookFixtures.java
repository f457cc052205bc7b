package io.billstream.webhook.delivery;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.billstream.platform.crypto.SecretBox;
import io.billstream.platform.ids.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Endpoint rows and tenant settings written as the database owner, as the endpoint API would. */
final class WebhookFixtures {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Endpoint(String id, String secret) {
    }

    private final JdbcClient owner;
    private final SecretBox secrets;

    WebhookFixtures(DataSource ownerDataSource, SecretBox secrets) {
        this.owner = JdbcClient.create(ownerDataSource);
        this.secrets = secrets;
    }

    static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    void allowPrivateUrls(String tenantId) {
        owner.sql("UPDATE tenants SET allow_private_webhook_urls = true WHERE id = :id").param("id", tenantId).update();
    }

    void notificationEmail(String tenantId, String address) {
        owner.sql("UPDATE tenants SET notification_email = :address WHERE id = :id").param("id", tenantId).param("address", address).update();
    }

    /** An endpoint that receives the tenant's events from now on. */
    Endpoint endpoint(String tenantId, String url, List<String> eventTypes, boolean ordered, String previousSecret,
                      Instant previousExpiresAt, Instant now) {
        String id = Ids.next("we");
        String secret = newSecret();
        owner.sql("""
                INSERT INTO webhook_endpoints (id, tenant_id, url, event_types, format, ordered, api_version, secret_ciphertext,
                                               previous_secret_ciphertext, previous_secret_expires_at, dispatched_through_sequence,
                                               created_at, updated_at)
                VALUES (:id, :tenant, :url, :types, 'json', :ordered, '2026-11-01', :secret, :previous, :previousExpires,
                        COALESCE((SELECT last_sequence FROM tenant_event_sequences WHERE tenant_id = :tenant), 0), :now, :now)
                """)
                .param("id", id).param("tenant", tenantId).param("url", url).param("types", eventTypes.toArray(String[]::new))
                .param("ordered", ordered).param("secret", secrets.seal(secret))
                .param("previous", previousSecret == null ? null : secrets.seal(previousSecret))
                .param("previousExpires", previousExpiresAt == null ? null : Timestamp.from(previousExpiresAt))
                .param("now", Timestamp.from(now))
                .update();
        return new Endpoint(id, secret);
    }

    Map<String, Object> endpointRow(String id) {
        return owner.sql("SELECT enabled, disabled_reason, failing_since FROM webhook_endpoints WHERE id = :id").param("id", id)
                .query().singleRow();
    }

    List<Map<String, Object>> notifications(String tenantId) {
        return owner.sql("SELECT * FROM notifications WHERE tenant_id = :tenant").param("tenant", tenantId).query().listOfRows();
    }
}
