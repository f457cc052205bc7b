package io.billstream.webhook.endpoint;

import java.util.regex.Pattern;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's webhook-wide settings, kept on its tenants row: whether its endpoints may point at
 * internal addresses, and where Billstream writes when one of them is disabled.
 */
@Service
public class WebhookSettings {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final JdbcClient jdbc;
    private final AuditLog audit;

    WebhookSettings(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The settings as the API shows them. */
    public record View(String object, boolean allowPrivateUrls, String notificationEmail) {
    }

    /** A change: a null component keeps the current value, except that {@code clearEmail} removes the e-mail address. */
    public record Change(Boolean allowPrivateUrls, String notificationEmail, boolean clearEmail) {
        public Change {
            if (notificationEmail != null && (notificationEmail.length() > 254 || !EMAIL.matcher(notificationEmail).matches())) {
                throw new InvalidValueException("notification_email", "notification_email must be an e-mail address such as 'billing@example.com'");
            }
        }
    }

    @Transactional(readOnly = true)
    public View get() {
        return read(TenantContext.require(), false);
    }

    @Transactional
    public View change(Change change) {
        String tenantId = TenantContext.require();
        View before = read(tenantId, true);
        View after = new View("webhook_settings",
                change.allowPrivateUrls() == null ? before.allowPrivateUrls() : change.allowPrivateUrls(),
                change.clearEmail() ? null : change.notificationEmail() == null ? before.notificationEmail() : change.notificationEmail());
        if (after.equals(before)) {
            return before;
        }
        jdbc.sql("UPDATE tenants SET allow_private_webhook_urls = :allow, notification_email = :email WHERE id = :tenant")
                .param("allow", after.allowPrivateUrls()).param("email", after.notificationEmail()).param("tenant", tenantId)
                .update();
        audit.record("webhook_settings.update", "tenant", tenantId, before, after);
        return after;
    }

    boolean allowsPrivateUrls(String tenantId) {
        return read(tenantId, false).allowPrivateUrls();
    }

    private View read(String tenantId, boolean forUpdate) {
        return jdbc.sql("SELECT allow_private_webhook_urls, notification_email FROM tenants WHERE id = :tenant"
                        + (forUpdate ? " FOR UPDATE" : ""))
                .param("tenant", tenantId)
                .query((rs, n) -> new View("webhook_settings", rs.getBoolean("allow_private_webhook_urls"), rs.getString("notification_email")))
                .single();
    }
}
