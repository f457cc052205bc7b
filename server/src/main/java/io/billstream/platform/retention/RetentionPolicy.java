package io.billstream.platform.retention;

import java.time.Instant;

import io.billstream.platform.domain.InvalidValueException;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * How long a tenant keeps each kind of high-volume record, in days; null keeps it for ever (the
 * default). Records still needed are kept whatever their age: see {@link RetentionPurge}.
 *
 * @param lastPurgedAt when the scheduler last purged for this tenant, or null
 * @param updatedAt    when the policy was last set, or null while it is the default
 */
@JacksonXmlRootElement(localName = "retention_policy")
public record RetentionPolicy(String object, Integer usageEventsDays, Integer billingEventsDays, Integer webhookDeliveriesDays,
                              Instant lastPurgedAt, Instant updatedAt) {

    /** A day is the shortest period: anything shorter would race records still being written and read. */
    static final int MIN_DAYS = 1;
    /** About a hundred years; longer is what null is for. */
    static final int MAX_DAYS = 36_500;

    public RetentionPolicy {
        object = "retention_policy";
        checkDays(usageEventsDays, "usage_events_days");
        checkDays(billingEventsDays, "billing_events_days");
        checkDays(webhookDeliveriesDays, "webhook_deliveries_days");
    }

    static RetentionPolicy keepForever() {
        return new RetentionPolicy(null, null, null, null, null, null);
    }

    boolean purgesAnything() {
        return usageEventsDays != null || billingEventsDays != null || webhookDeliveriesDays != null;
    }

    private static void checkDays(Integer days, String field) {
        if (days != null && (days < MIN_DAYS || days > MAX_DAYS)) {
            throw new InvalidValueException(field, field + " must be between " + MIN_DAYS + " and " + MAX_DAYS
                    + " days, or null to keep records for ever");
        }
    }
}
