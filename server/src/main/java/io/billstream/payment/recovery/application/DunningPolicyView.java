package io.billstream.payment.recovery.application;

import java.time.Instant;
import java.util.List;

import io.billstream.payment.recovery.domain.DunningPolicy;
import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * The tenant's dunning policy.
 *
 * @param restrictAfterDays null: entitlements are never restricted
 * @param updatedAt         null while the tenant has the defaults it never changed
 */
@JacksonXmlRootElement(localName = "dunning_policy")
public record DunningPolicyView(String object,
                                @JacksonXmlElementWrapper(localName = "retry_days") @JacksonXmlProperty(localName = "day")
                                List<Integer> retryDays,
                                Integer restrictAfterDays, String finalAction, Instant updatedAt) {

    static DunningPolicyView of(DunningPolicy policy, Instant updatedAt) {
        return new DunningPolicyView("dunning_policy", policy.retryDays(), policy.restrictAfterDays(), policy.finalAction().apiName(),
                updatedAt);
    }
}
