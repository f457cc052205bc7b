package io.billstream.platform.tenancy;

import java.io.PrintStream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On the first start against an empty database, creates the {@code default} (operator) tenant and
 * prints its admin API key, once, with the next commands to try. Scripts fix the key in advance
 * with BILLSTREAM_BOOTSTRAP_API_KEY.
 */
@Component
class Bootstrap {

    private final TenantManagement tenants;
    private final Environment environment;
    private final String presetKey;

    Bootstrap(TenantManagement tenants, Environment environment, @Value("${billstream.bootstrap-api-key:}") String presetKey) {
        this.tenants = tenants;
        this.environment = environment;
        this.presetKey = presetKey;
        if (!presetKey.isBlank() && (!presetKey.startsWith("sk_") || presetKey.length() < 24 || !presetKey.matches("[A-Za-z0-9_]+"))) {
            throw new IllegalStateException("BILLSTREAM_BOOTSTRAP_API_KEY must start with 'sk_', be at least 24 characters "
                    + "long and contain only letters, digits and underscores");
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void createOperatorTenantOnFirstStart() {
        tenants.bootstrap(presetKey.isBlank() ? null : presetKey)
                .ifPresent(created -> printWelcome(System.out, created.adminKey().secret()));
    }

    private void printWelcome(PrintStream out, String key) {
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        out.printf("""

                ================================================================================
                 Billstream is running at %1$s
                 Created tenant 'default'. Its admin API key (shown only now, keep it safe):

                   %2$s

                 Next, try:
                   # 1. create a billing account
                   curl -s %1$s/v1/customers -H "Authorization: Bearer %2$s" \\
                        -H "Content-Type: application/json" \\
                        -d '{"external_id":"acme-1","name":"Acme Ltd","email":"billing@acme.test","currency":"USD"}'
                   # 2. register an OAuth client, then POST its client_id/secret to %1$s/oauth2/token
                   curl -s %1$s/v1/oauth-clients -H "Authorization: Bearer %2$s" \\
                        -H "Content-Type: application/json" -d '{"name":"crm-sync","scopes":["events:read"]}'
                   # 3. list the billing events your changes wrote
                   curl -s %1$s/v1/billing-events -H "Authorization: Bearer %2$s"

                 API reference: %1$s/docs
                ================================================================================

                """, base, key);
        out.flush();
    }
}
