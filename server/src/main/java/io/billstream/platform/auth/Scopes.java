package io.billstream.platform.auth;

import java.util.List;

/**
 * What a credential may do. Every API endpoint requires exactly one of these; the constants below
 * are the {@code @PreAuthorize} expressions that say so.
 */
public final class Scopes {

    public static final String ADMIN = "admin";
    public static final String BILLING_READ = "billing:read";
    public static final String BILLING_WRITE = "billing:write";
    public static final String USAGE_WRITE = "usage:write";
    public static final String EVENTS_READ = "events:read";
    public static final String WEBHOOKS_WRITE = "webhooks:write";
    public static final String EVENTS_WRITE = "events:write";

    public static final List<String> ALL = List.of(ADMIN, BILLING_READ, BILLING_WRITE, USAGE_WRITE, EVENTS_READ, WEBHOOKS_WRITE, EVENTS_WRITE);

    public static final String REQUIRE_ADMIN = "hasAuthority('SCOPE_admin')";
    public static final String REQUIRE_BILLING_READ = "hasAuthority('SCOPE_billing:read')";
    public static final String REQUIRE_BILLING_WRITE = "hasAuthority('SCOPE_billing:write')";
    public static final String REQUIRE_USAGE_WRITE = "hasAuthority('SCOPE_usage:write')";
    public static final String REQUIRE_EVENTS_READ = "hasAuthority('SCOPE_events:read')";
    public static final String REQUIRE_WEBHOOKS_WRITE = "hasAuthority('SCOPE_webhooks:write')";
    /** External systems record their own billing events with a key for just that, or with a billing:write key. */
    public static final String REQUIRE_EVENTS_WRITE = "hasAnyAuthority('SCOPE_events:write', 'SCOPE_billing:write')";
    /**
     * No credential of ours: the caller is a payment provider whose own signature over the request is
     * verified by the endpoint before anything is read (provider callbacks).
     */
    public static final String SIGNED_BY_PROVIDER = "permitAll()";

    private Scopes() {
    }
}
