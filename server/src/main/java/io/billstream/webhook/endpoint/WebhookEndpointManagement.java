package io.billstream.webhook.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.crypto.SecretBox;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.versioning.ApiVersions;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registering, changing, rotating and removing a tenant's webhook endpoints. Each change is one
 * transaction with its audit record; secrets are sealed before they are stored and never audited.
 */
@Service
public class WebhookEndpointManagement {

    static final Duration DEFAULT_SECRET_OVERLAP = Duration.ofHours(24);
    static final Duration MAX_SECRET_OVERLAP = Duration.ofDays(7);

    private final WebhookEndpoints endpoints;
    private final WebhookSettings settings;
    private final DestinationGuard guard;
    private final SecretBox secrets;
    private final ApiVersions versions;
    private final AuditLog audit;
    private final Clock clock;

    WebhookEndpointManagement(WebhookEndpoints endpoints, WebhookSettings settings, DestinationGuard guard, SecretBox secrets,
                              ApiVersions versions, AuditLog audit, Clock clock) {
        this.endpoints = endpoints;
        this.settings = settings;
        this.guard = guard;
        this.secrets = secrets;
        this.versions = versions;
        this.audit = audit;
        this.clock = clock;
    }

    /** The version an endpoint is pinned to when the request names none. */
    public String defaultApiVersion() {
        return versions.current();
    }

    /**
     * Registers an endpoint that receives the tenant's events from now on: its dispatch position
     * starts at the tenant's last event, so nothing committed before is sent (replay does that).
     */
    @Transactional
    public WebhookEndpointView register(EndpointSettings requested) {
        String tenantId = TenantContext.require();
        checkVersion(requested.apiVersion());
        checkDestination(requested, tenantId);
        String secret = WebhookSecrets.generate();
        WebhookEndpoint endpoint = WebhookEndpoint.register(Ids.next("we"), tenantId, requested, secrets.seal(secret),
                endpoints.lastEventSequence(tenantId), clock.instant());
        endpoints.insert(endpoint);
        WebhookEndpointView view = WebhookEndpointView.of(endpoint);
        audit.record("webhook_endpoint.create", "webhook_endpoint", endpoint.id(), null, view);
        return WebhookEndpointView.withSecret(endpoint, secret);
    }

    @Transactional(readOnly = true)
    public WebhookEndpointView get(String id) {
        return WebhookEndpointView.of(load(id, false));
    }

    @Transactional(readOnly = true)
    public ListPage<WebhookEndpointView> list(PageRequest page) {
        return ListPage.of(endpoints.list(page), page, WebhookEndpoint::id, WebhookEndpointView::of);
    }

    @Transactional
    public WebhookEndpointView change(String id, UnaryOperator<EndpointSettings> changes) {
        WebhookEndpoint current = load(id, true);
        EndpointSettings requested = changes.apply(current.settings());
        if (requested.equals(current.settings())) {
            return WebhookEndpointView.of(current);
        }
        if (!requested.apiVersion().equals(current.settings().apiVersion())) {
            checkVersion(requested.apiVersion());
        }
        if (!requested.url().equals(current.settings().url())) {
            checkDestination(requested, current.tenantId());
        }
        WebhookEndpoint changed = current.change(requested, clock.instant());
        endpoints.update(changed);
        WebhookEndpointView before = WebhookEndpointView.of(current);
        WebhookEndpointView after = WebhookEndpointView.of(changed);
        audit.record("webhook_endpoint.update", "webhook_endpoint", id, before, after);
        return after;
    }

    /**
     * A new signing secret, shown once. The current one keeps signing beside it for
     * {@code overlap} (default 24 hours, at most 7 days; zero retires it at once), so receivers can
     * switch without rejecting a delivery.
     */
    @Transactional
    public WebhookEndpointView rotateSecret(String id, Duration overlap) {
        Duration kept = overlap == null ? DEFAULT_SECRET_OVERLAP : overlap;
        if (kept.isNegative() || kept.compareTo(MAX_SECRET_OVERLAP) > 0) {
            throw ApiException.invalid("expires_in_seconds", "expires_in_seconds must be between 0 and "
                    + MAX_SECRET_OVERLAP.toSeconds() + " (7 days)");
        }
        WebhookEndpoint current = load(id, true);
        Instant now = clock.instant();
        String secret = WebhookSecrets.generate();
        WebhookEndpoint rotated = current.rotateSecret(secrets.seal(secret), now.plus(kept), now);
        endpoints.update(rotated);
        WebhookEndpointView before = WebhookEndpointView.of(current);
        WebhookEndpointView after = WebhookEndpointView.of(rotated);
        audit.record("webhook_endpoint.rotate_secret", "webhook_endpoint", id, before, after);
        return WebhookEndpointView.withSecret(rotated, secret);
    }

    /** Removes the endpoint and its delivery log; deliveries still pending are not sent. */
    @Transactional
    public WebhookEndpointView remove(String id) {
        WebhookEndpoint current = load(id, true);
        endpoints.delete(id);
        WebhookEndpointView view = WebhookEndpointView.of(current);
        audit.record("webhook_endpoint.delete", "webhook_endpoint", id, view, null);
        return view;
    }

    WebhookEndpoint load(String id, boolean forUpdate) {
        return endpoints.find(id, forUpdate).orElseThrow(() -> ApiException.notFound("webhook endpoint", id));
    }

    private void checkVersion(String version) {
        if (!versions.known(version)) {
            throw ApiException.invalid("api_version", "Unknown API version '" + version + "'; the latest is " + ApiVersions.LATEST);
        }
    }

    private void checkDestination(EndpointSettings requested, String tenantId) {
        try {
            guard.check(requested.uri(), settings.allowsPrivateUrls(tenantId));
        } catch (UnsafeDestinationException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "url_not_allowed", "url", e.getMessage());
        }
    }
}
