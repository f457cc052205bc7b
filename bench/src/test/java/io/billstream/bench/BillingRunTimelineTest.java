package io.billstream.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillingRunTimelineTest {

    private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void renewals_come_first_and_the_billing_runs_start_at_the_last_renewal() {
        // given: accepted at T, first renewal at +1 s, last at +9 s, invoices from +9.1 s to +29 s, ready at +29.5 s
        BillingRunTimeline timeline = new BillingRunTimeline(T, T.plusMillis(29_500), Map.of(
                "subscription.renewed", new BillingRunTimeline.Span(10_000, T.plusSeconds(1), T.plusSeconds(9)),
                "invoice.created", new BillingRunTimeline.Span(10_000, T.plusMillis(9_100), T.plusMillis(28_990)),
                "invoice.finalized", new BillingRunTimeline.Span(10_000, T.plusMillis(9_101), T.plusSeconds(29))));

        // expect
        assertThat(timeline.total()).isEqualTo(Duration.ofMillis(29_500));
        assertThat(timeline.waitingForScheduler()).isEqualTo(Duration.ofSeconds(1));
        assertThat(timeline.renewalPhase()).isEqualTo(Duration.ofSeconds(8));
        assertThat(timeline.billingPhase()).isEqualTo(Duration.ofSeconds(20));
        assertThat(timeline.finishing()).isEqualTo(Duration.ofMillis(500));
        assertThat(timeline.renewals()).isEqualTo(10_000);
        assertThat(timeline.count("invoice.finalized")).isEqualTo(10_000);
    }

    @Test
    void without_renewals_the_billing_runs_start_at_the_first_event() {
        // given
        BillingRunTimeline timeline = new BillingRunTimeline(T, T.plusSeconds(12), Map.of(
                "invoice.created", new BillingRunTimeline.Span(500, T.plusMillis(700), T.plusMillis(11_800)),
                "invoice.finalized", new BillingRunTimeline.Span(500, T.plusMillis(701), T.plusMillis(11_900))));

        // expect
        assertThat(timeline.waitingForScheduler()).isEqualTo(Duration.ofMillis(700));
        assertThat(timeline.renewalPhase()).isZero();
        assertThat(timeline.billingPhase()).isEqualTo(Duration.ofMillis(11_200));
        assertThat(timeline.finishing()).isEqualTo(Duration.ofMillis(100));
        assertThat(timeline.renewals()).isZero();
    }

    @Test
    void an_advance_that_wrote_nothing_is_all_finishing() {
        // given
        BillingRunTimeline timeline = new BillingRunTimeline(T, T.plusSeconds(2), Map.of());

        // expect
        assertThat(timeline.waitingForScheduler()).isZero();
        assertThat(timeline.billingPhase()).isZero();
        assertThat(timeline.finishing()).isEqualTo(Duration.ofSeconds(2));
    }
}
