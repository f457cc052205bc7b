package io.billstream.subscription.application;

import java.time.Instant;

import io.billstream.subscription.domain.Cancellation;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "cancellation")
public record CancellationView(String id, String object, String subscriptionId, String customerId, String timing,
                               String prorationBehavior, String status, String reason, Instant effectiveAt, long creditAmountMinor,
                               String currency, Instant requestedAt, Instant revokedAt) {

    static CancellationView of(Cancellation c) {
        return new CancellationView(c.id(), "cancellation", c.subscriptionId(), c.customerId(), c.timing().apiName(),
                c.prorate() ? "create_prorations" : "none", c.status().apiName(), c.reason(), c.effectiveAt(), c.creditMinor(),
                c.currency(), c.requestedAt(), c.revokedAt());
    }
}
