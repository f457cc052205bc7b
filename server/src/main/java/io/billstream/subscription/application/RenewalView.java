package io.billstream.subscription.application;

import java.time.Instant;
import java.util.List;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

import static io.billstream.platform.money.Decimals.plain;

/**
 * The next renewal: when, on which plan version, and the fixed amounts it will bill. Usage charges
 * are billed on the usage of the closing period and listed without an amount.
 */
@JacksonXmlRootElement(localName = "renewal")
public record RenewalView(String object, String subscriptionId, String status, boolean autoRenew, Instant renewsAt,
                          Instant nextPeriodStart, Instant nextPeriodEnd, String planCode, int planVersion, String currency,
                          List<Line> lines, long amountMinor, List<UsageCharge> usageCharges) {

    public record Line(String kind, String code, String description, String quantity, String unitPrice, long amountMinor) {
    }

    public record UsageCharge(String metricCode, String chargeModel) {
    }
}
