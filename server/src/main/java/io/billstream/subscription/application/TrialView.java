package io.billstream.subscription.application;

import java.time.Instant;

import io.billstream.subscription.domain.Trial;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

@JacksonXmlRootElement(localName = "trial")
public record TrialView(String id, String object, String subscriptionId, String customerId, String status, Instant startsAt,
                        Instant endsAt, String onMissingPaymentMethod, Instant endedAt, Instant createdAt) {

    static TrialView of(Trial t) {
        return new TrialView(t.id(), "trial", t.subscriptionId(), t.customerId(), t.status().apiName(), t.startsAt(), t.endsAt(),
                t.onMissingPaymentMethod().apiName(), t.endedAt(), t.createdAt());
    }
}
