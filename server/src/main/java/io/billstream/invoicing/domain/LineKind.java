package io.billstream.invoicing.domain;

/** What an invoice line bills. */
public enum LineKind {
    /** The plan's base fee, in advance for the coming period or in arrears for the closed one. */
    BASE_FEE,
    /** A recurring item (seats, add-ons) for the coming period. */
    RECURRING_ITEM,
    /** One group of one usage charge for a closed period. */
    USAGE,
    /** What a usage charge's minimum commitment added on top of its usage. */
    MINIMUM,
    /** Late usage for a period already invoiced: the difference between its price now and what was billed. */
    USAGE_ADJUSTMENT,
    /** A credit or charge for part of a period, from a mid-period change. */
    PRORATION,
    /** A one-time charge (a setup fee). */
    ONE_TIME,
    /** A line added by hand to a one-off invoice or a draft. */
    MANUAL;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static LineKind of(String apiName) {
        return valueOf(apiName.toUpperCase(java.util.Locale.ROOT));
    }

    /** Lines a draft refresh recomputes from usage. */
    public boolean fromUsage() {
        return this == USAGE || this == MINIMUM || this == USAGE_ADJUSTMENT;
    }
}
