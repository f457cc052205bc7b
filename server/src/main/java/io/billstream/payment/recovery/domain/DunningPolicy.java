package io.billstream.payment.recovery.domain;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/**
 * A tenant's answer to a failed payment: retry on these days after the first failure, restrict the
 * subscriptions' entitlements after so many days, and what to do when the last retry fails.
 *
 * @param retryDays         1 to 10 distinct days after the first failure, ascending, each 1 to 60
 * @param restrictAfterDays days after the first failure until entitlements are restricted, 0 to the last
 *                          retry day; null: never restricted
 */
public record DunningPolicy(List<Integer> retryDays, Integer restrictAfterDays, FinalAction finalAction) {

    public static final DunningPolicy DEFAULT = new DunningPolicy(List.of(3, 5, 7), 4, FinalAction.CANCEL);
    static final int MAX_RETRIES = 10;
    static final int MAX_DAYS = 60;

    public DunningPolicy {
        if (retryDays == null || retryDays.isEmpty() || retryDays.size() > MAX_RETRIES) {
            throw new InvalidValueException("retry_days", "retry_days must list 1 to " + MAX_RETRIES
                    + " days after the first failure, such as [3, 5, 7]");
        }
        for (int i = 0; i < retryDays.size(); i++) {
            Integer day = retryDays.get(i);
            String field = "retry_days[" + i + "]";
            if (day == null || day < 1 || day > MAX_DAYS) {
                throw new InvalidValueException(field, field + " must be a whole number of days from 1 to " + MAX_DAYS);
            }
            if (i > 0 && day <= retryDays.get(i - 1)) {
                throw new InvalidValueException(field, "retry_days must be ascending and distinct: " + day + " follows "
                        + retryDays.get(i - 1));
            }
        }
        retryDays = List.copyOf(retryDays);
        if (restrictAfterDays != null) {
            int last = retryDays.getLast();
            if (restrictAfterDays < 0 || restrictAfterDays > MAX_DAYS) {
                throw new InvalidValueException("restrict_after_days", "restrict_after_days must be 0 to " + MAX_DAYS
                        + " days, or null to never restrict");
            }
            if (restrictAfterDays > last) {
                // Restriction happens while the payment is being recovered; after the last retry there is nothing left to wait for.
                throw new InvalidValueException("restrict_after_days", "restrict_after_days (" + restrictAfterDays
                        + ") must not be after the last retry (day " + last + "): entitlements are restricted while the payment is"
                        + " being recovered");
            }
        }
        if (finalAction == null) {
            throw new InvalidValueException("final_action", "final_action must be one of [cancel, keep]");
        }
    }
}
