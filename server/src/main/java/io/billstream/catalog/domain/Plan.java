package io.billstream.catalog.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;

/** A product the tenant sells, by code; its commercial terms live in numbered versions. */
public record Plan(String id, String tenantId, String code, String name, String description, int currentVersion,
                   Instant createdAt, Instant updatedAt, Instant archivedAt) {

    public Plan {
        Codes.require(code, "code");
        if (code.startsWith("plan_")) {
            throw new io.billstream.platform.domain.InvalidValueException("code", "must not start with 'plan_', which marks plan IDs");
        }
        Codes.requireName(name, "name");
    }

    public Plan describe(String newName, String newDescription, Instant now) {
        requireActive();
        return new Plan(id, tenantId, code, newName, newDescription, currentVersion, createdAt, now, archivedAt);
    }

    public Plan withVersion(int version, Instant now) {
        requireActive();
        return new Plan(id, tenantId, code, name, description, version, createdAt, now, archivedAt);
    }

    public Plan archive(Instant now) {
        return archivedAt != null ? this : new Plan(id, tenantId, code, name, description, currentVersion, createdAt, now, now);
    }

    public void requireActive() {
        if (archivedAt != null) {
            throw new StateConflictException("plan_archived", "Plan " + code + " is archived");
        }
    }
}
