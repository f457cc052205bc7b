package io.billstream.subscription.domain;

import java.time.Instant;
import java.util.Map;

/** A plan change that takes effect when the current period ends (a downgrade, typically). */
public record PendingChange(String planVersionId, String planCode, int planVersion, Map<String, Long> quantities, Instant effectiveAt) {

    public PendingChange {
        quantities = Map.copyOf(quantities);
    }
}
