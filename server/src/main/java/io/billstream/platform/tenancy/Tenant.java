package io.billstream.platform.tenancy;

import java.time.Instant;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * An organisation using Billstream; all of its data is isolated from other tenants'. The operator
 * tenant ({@code default}, created on first start) is the one whose admins may create tenants.
 */
@JacksonXmlRootElement(localName = "tenant")
public record Tenant(String id, String object, String name, String slug, boolean operator, Instant createdAt) {

    public static Tenant of(String id, String name, String slug, boolean operator, Instant createdAt) {
        return new Tenant(id, "tenant", name, slug, operator, createdAt);
    }
}
