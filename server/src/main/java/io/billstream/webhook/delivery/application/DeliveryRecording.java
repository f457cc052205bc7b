package io.billstream.webhook.delivery.application;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.webhook.delivery.db.WebhookDeliveries;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Outgoing;
import io.billstream.webhook.delivery.db.WebhookDeliveries.Recorded;
import io.billstream.webhook.delivery.domain.AttemptOutcome;
import io.billstream.webhook.delivery.domain.RetrySchedule;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records the attempts of one tenant's share of a worker's batch in one transaction: each attempt
 * row, each delivery's new state (succeeded, pending with its next attempt, or failed once the
 * schedule is used up), and what the outcomes say about the endpoints.
 */
@Component
class DeliveryRecording {

    /** How long an endpoint may fail without a single success before it is disabled. */
    static final Duration DISABLE_AFTER = Duration.ofDays(5);

    record Sent(Outgoing delivery, AttemptOutcome outcome) {
    }

    private final WebhookDeliveries deliveries;
    private final EndpointDisabling disabling;
    private final Clock clock;
    private final RetrySchedule schedule = new RetrySchedule(() -> ThreadLocalRandom.current().nextDouble());

    DeliveryRecording(WebhookDeliveries deliveries, EndpointDisabling disabling, Clock clock) {
        this.deliveries = deliveries;
        this.disabling = disabling;
        this.clock = clock;
    }

    @Transactional
    public void record(List<Sent> sent) {
        String tenantId = TenantContext.require();
        List<Recorded> recorded = new ArrayList<>(sent.size());
        Set<String> succeeded = new LinkedHashSet<>();
        Set<String> failed = new LinkedHashSet<>();
        Set<String> gone = new LinkedHashSet<>();
        for (Sent s : sent) {
            int attempt = s.delivery().attempts() + 1;
            AttemptOutcome outcome = s.outcome();
            String endpoint = s.delivery().endpointId();
            if (outcome.succeeded()) {
                recorded.add(new Recorded(s.delivery().id(), attempt, outcome, "succeeded", null));
                succeeded.add(endpoint);
                continue;
            }
            Instant next = schedule.nextAttempt(attempt, outcome.attemptedAt(), outcome.retryAfter()).orElse(null);
            recorded.add(new Recorded(s.delivery().id(), attempt, outcome, next == null ? "failed" : "pending", next));
            failed.add(endpoint);
            if (outcome.gone()) {
                gone.add(endpoint);
            }
        }
        deliveries.record(tenantId, recorded);
        // An endpoint that took any delivery of the batch is working: its failing streak ends.
        failed.removeAll(succeeded);
        if (!succeeded.isEmpty()) {
            deliveries.endpointsSucceeded(List.copyOf(succeeded));
        }
        Instant now = clock.instant();
        for (String endpoint : gone) {
            disabling.disable(endpoint, "gone", now);
        }
        if (!failed.isEmpty()) {
            for (String endpoint : deliveries.endpointsFailed(List.copyOf(failed), now, now.minus(DISABLE_AFTER))) {
                disabling.disable(endpoint, "failing", now);
            }
        }
    }
}
