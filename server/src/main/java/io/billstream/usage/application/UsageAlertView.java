package io.billstream.usage.application;

import java.math.BigDecimal;
import java.time.Instant;

import io.billstream.subscription.EntitlementUsage.MeteredLimit;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import static io.billstream.platform.money.Decimals.plain;

/**
 * The object of {@code usage.threshold_reached} and {@code usage.limit_reached}: which limit, how
 * far usage went, and the period it counts in ({@code period_end} is null for a limit that never resets).
 */
@JacksonXmlRootElement(localName = "usage_alert")
public record UsageAlertView(String object, String subscriptionId, String customerId, String featureCode, String metricCode,
                             String thresholdPercent, String limit, String used, Instant periodStart, Instant periodEnd) {

    static UsageAlertView of(MeteredLimit limit, String metricCode, BigDecimal threshold, BigDecimal used, Instant windowEnd) {
        return new UsageAlertView("usage_alert", limit.subscriptionId(), limit.customerId(), limit.featureCode(), metricCode,
                plain(threshold), plain(limit.limit()), plain(used), limit.windowStart(), limit.perPeriod() ? windowEnd : null);
    }
}
