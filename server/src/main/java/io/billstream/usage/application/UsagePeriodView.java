package io.billstream.usage.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A subscription's usage in its current period (or its trial) and what it would cost if the period
 * ended now: one entry per usage charge of its plan version, one line per group, each line rounded
 * once to the currency's minor unit.
 */
@JacksonXmlRootElement(localName = "subscription_usage")
public record UsagePeriodView(String object, String subscriptionId, String customerId, String status, boolean trial,
                              Instant periodStart, Instant periodEnd, String planCode, int planVersion, String currency,
                              List<Charge> charges, long amountMinor) {

    /**
     * @param minimumAmount           the charge's minimum per period, or {@code null}
     * @param minimumAdjustmentMinor  what the minimum adds to the lines to reach it
     * @param amountMinor             the lines plus the minimum adjustment
     */
    public record Charge(String metricCode, String metricName, String aggregation, List<String> groupBy, String chargeModel,
                         List<Group> groups, String minimumAmount, long minimumAdjustmentMinor, long amountMinor) {
    }

    /** @param amount the exact price in major units, before the line is rounded to {@code amount_minor} */
    public record Group(Map<String, String> group, String quantity, long events, String amount, long amountMinor) {
    }
}
