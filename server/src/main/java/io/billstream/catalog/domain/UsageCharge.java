package io.billstream.catalog.domain;

import io.billstream.catalog.domain.pricing.Charge;

/** A price on the usage of one billable metric, billed at the end of each period. */
public record UsageCharge(String metricCode, Charge charge) {
}
