package io.billstream.catalog.domain;

import java.time.Instant;

/** One numbered, immutable-once-used set of a plan's terms. */
public record PlanVersion(String id, String tenantId, String planId, String planCode, int version, PlanTerms terms,
                          boolean inUse, Instant createdAt) {
}
