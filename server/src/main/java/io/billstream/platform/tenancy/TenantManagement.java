package io.billstream.platform.tenancy;

import java.time.Clock;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.auth.ApiKeyManagement;
import io.billstream.platform.auth.ApiKeyView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Creating tenants, each with a first admin API key, and the operator's view of them. */
@Service
public class TenantManagement {

    /** A new tenant and the secret of its first admin key, shown once. */
    @JacksonXmlRootElement(localName = "created_tenant")
    public record CreatedTenant(Tenant tenant, ApiKeyView adminKey) {
    }

    private final Tenants tenants;
    private final ApiKeyManagement apiKeys;
    private final AuditLog audit;
    private final Clock clock;

    TenantManagement(Tenants tenants, ApiKeyManagement apiKeys, AuditLog audit, Clock clock) {
        this.tenants = tenants;
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public CreatedTenant create(String name, String slug) {
        Tenant operator = requireOperator();
        if (tenants.slugTaken(slug)) {
            throw ApiException.conflict("slug_taken", "slug", "A tenant with slug '" + slug + "' already exists");
        }
        Tenant tenant = Tenant.of(Ids.next("ten"), name, slug, false, clock.instant());
        tenants.insert(tenant);
        audit.record("tenant.create", "tenant", tenant.id(), null, tenant);
        ApiKeyView key = createAdminKeyIn(tenant.id(), null);
        tenants.scopeTransactionTo(operator.id());
        return new CreatedTenant(tenant, key);
    }

    /** Creates the operator tenant on first start. Returns empty when tenants already exist. */
    @Transactional
    public java.util.Optional<CreatedTenant> bootstrap(String presetAdminKey) {
        if (tenants.any()) {
            return java.util.Optional.empty();
        }
        Tenant tenant = Tenant.of(Ids.next("ten"), "Default", "default", true, clock.instant());
        tenants.insert(tenant);
        return java.util.Optional.of(new CreatedTenant(tenant, createAdminKeyIn(tenant.id(), presetAdminKey)));
    }

    @Transactional(readOnly = true)
    public ListPage<Tenant> list(PageRequest page) {
        requireOperator();
        return ListPage.of(tenants.list(page), page, Tenant::id, tenant -> tenant);
    }

    @Transactional(readOnly = true)
    public Tenant current() {
        return tenants.find(TenantContext.require()).orElseThrow(() -> ApiException.notFound("tenant", TenantContext.require()));
    }

    private ApiKeyView createAdminKeyIn(String tenantId, String presetSecret) {
        tenants.scopeTransactionTo(tenantId);
        return TenantContext.callAs(tenantId, () -> apiKeys.create(tenantId, "Admin key", Scopes.ALL, null, presetSecret));
    }

    private Tenant requireOperator() {
        Tenant caller = current();
        if (!caller.operator()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "operator_only", null,
                    "Only the operator tenant's admins can manage tenants");
        }
        return caller;
    }
}
