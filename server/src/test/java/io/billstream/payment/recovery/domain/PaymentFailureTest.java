package io.billstream.payment.recovery.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recovery schedule of one invoice, hand-computed from a first failure on 1 March 2026 at 10:00 UTC. */
class PaymentFailureTest {

    static final ZoneId UTC = ZoneOffset.UTC;
    static final Instant MAR_1 = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant MAR_3 = Instant.parse("2026-03-03T10:00:00Z");
    static final Instant MAR_4 = Instant.parse("2026-03-04T10:00:00Z");
    static final Instant MAR_5 = Instant.parse("2026-03-05T10:00:00Z");
    static final Instant MAR_6 = Instant.parse("2026-03-06T10:00:00Z");
    static final Instant MAR_8 = Instant.parse("2026-03-08T10:00:00Z");

    static PaymentFailure begin(DunningPolicy policy, ZoneId zone, Instant at) {
        return PaymentFailure.begin("pf_1", "ten_1", "cus_1", "inv_1", List.of("sub_1"), null, "pay_1", "insufficient_funds",
                "declined", policy, zone, at);
    }

    @Test
    void the_first_failure_schedules_the_first_retry_and_the_restriction_counted_from_it() {
        PaymentFailure f = begin(DunningPolicy.DEFAULT, UTC, MAR_1);

        assertThat(f.status()).isEqualTo(PaymentFailureStatus.OPEN);
        assertThat(f.attemptCount()).isEqualTo(1);
        assertThat(f.retriesUsed()).isZero();
        assertThat(f.retriesTotal()).isEqualTo(3);
        assertThat(f.nextRetryAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(f.restrictAt()).isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));
        assertThat(f.nextActionAt()).isEqualTo(Instant.parse("2026-03-04T10:00:00Z"));
        assertThat(f.lastPaymentId()).isEqualTo("pay_1");
        assertThat(f.reasonCode()).isEqualTo("insufficient_funds");
        assertThat(f.firstFailedAt()).isEqualTo(MAR_1);
        assertThat(f.finalAction()).isEqualTo(FinalAction.CANCEL);
        assertThat(f.lastRetryNext()).isFalse();
    }

    @Test
    void each_failed_scheduled_retry_schedules_the_next_from_the_first_failure_and_the_last_exhausts() {
        PaymentFailure f = begin(DunningPolicy.DEFAULT, UTC, MAR_1);
        Instant day3 = Instant.parse("2026-03-04T10:00:00Z");
        Instant day5 = Instant.parse("2026-03-06T10:00:00Z");
        Instant day7 = Instant.parse("2026-03-08T10:00:00Z");

        assertThat(f.retryDue(day3.minusSeconds(1))).isFalse();
        assertThat(f.retryDue(day3)).isTrue();
        PaymentFailure inFlight = f.retryStarted();
        assertThat(inFlight.retriesUsed()).isEqualTo(1);
        assertThat(inFlight.nextRetryAt()).isNull();
        assertThat(inFlight.retryInFlight()).isTrue();
        // Nothing but the restriction (day 4) is left to do until the retry's outcome arrives.
        assertThat(inFlight.nextActionAt()).isEqualTo(Instant.parse("2026-03-05T10:00:00Z"));

        PaymentFailure.Step second = inFlight.failed("pay_2", "card_declined", "declined again", day3.plusSeconds(2), UTC);
        assertThat(second.outcome()).isEqualTo(PaymentFailure.Outcome.RETRY_SCHEDULED);
        assertThat(second.failure().attemptCount()).isEqualTo(2);
        assertThat(second.failure().nextRetryAt()).isEqualTo(day5);
        assertThat(second.failure().lastPaymentId()).isEqualTo("pay_2");
        assertThat(second.failure().reasonCode()).isEqualTo("card_declined");
        assertThat(second.failure().lastFailedAt()).isEqualTo(day3.plusSeconds(2));
        assertThat(second.failure().lastRetryNext()).isFalse();

        PaymentFailure.Step third = second.failure().retryStarted().failed("pay_3", "card_declined", null, day5, UTC);
        assertThat(third.outcome()).isEqualTo(PaymentFailure.Outcome.RETRY_SCHEDULED);
        assertThat(third.failure().nextRetryAt()).isEqualTo(day7);
        assertThat(third.failure().retriesUsed()).isEqualTo(2);
        assertThat(third.failure().lastRetryNext()).isTrue();

        PaymentFailure.Step last = third.failure().retryStarted().failed("pay_4", "card_declined", null, day7, UTC);
        assertThat(last.outcome()).isEqualTo(PaymentFailure.Outcome.EXHAUSTED);
        PaymentFailure exhausted = last.failure();
        assertThat(exhausted.status()).isEqualTo(PaymentFailureStatus.EXHAUSTED);
        assertThat(exhausted.exhaustedAt()).isEqualTo(day7);
        assertThat(exhausted.attemptCount()).isEqualTo(4);
        assertThat(exhausted.retriesUsed()).isEqualTo(3);
        assertThat(exhausted.nextRetryAt()).isNull();
        assertThat(exhausted.nextActionAt()).isNull();
    }

    @Test
    void a_failure_beside_the_schedule_is_counted_without_using_a_retry() {
        PaymentFailure f = begin(DunningPolicy.DEFAULT, UTC, MAR_1);

        PaymentFailure.Step manual = f.failed("pay_m", "expired_card", "expired", MAR_3, UTC);

        assertThat(manual.outcome()).isEqualTo(PaymentFailure.Outcome.RECORDED);
        assertThat(manual.failure().attemptCount()).isEqualTo(2);
        assertThat(manual.failure().retriesUsed()).isZero();
        assertThat(manual.failure().nextRetryAt()).isEqualTo(f.nextRetryAt());
        assertThat(manual.failure().lastPaymentId()).isEqualTo("pay_m");
        assertThat(manual.failure().reasonCode()).isEqualTo("expired_card");
    }

    @Test
    void a_retry_without_a_payment_method_counts_as_failed_and_keeps_the_last_payment() {
        PaymentFailure f = begin(DunningPolicy.DEFAULT, UTC, MAR_1).retryStarted();

        PaymentFailure.Step step = f.failed(null, "no_payment_method", "none", MAR_4, UTC);

        assertThat(step.outcome()).isEqualTo(PaymentFailure.Outcome.RETRY_SCHEDULED);
        assertThat(step.failure().lastPaymentId()).isEqualTo("pay_1");
        assertThat(step.failure().reasonCode()).isEqualTo("no_payment_method");
        assertThat(step.failure().attemptCount()).isEqualTo(2);
    }

    @Test
    void an_attempt_after_exhaustion_is_counted_and_changes_nothing_else() {
        DunningPolicy once = new DunningPolicy(List.of(2), null, FinalAction.KEEP);
        PaymentFailure exhausted = begin(once, UTC, MAR_1).retryStarted().failed("pay_2", "x", null, MAR_3, UTC).failure();
        assertThat(exhausted.status()).isEqualTo(PaymentFailureStatus.EXHAUSTED);

        PaymentFailure.Step later = exhausted.failed("pay_3", "y", null, MAR_5, UTC);

        assertThat(later.outcome()).isEqualTo(PaymentFailure.Outcome.RECORDED);
        assertThat(later.failure().status()).isEqualTo(PaymentFailureStatus.EXHAUSTED);
        assertThat(later.failure().exhaustedAt()).isEqualTo(MAR_3);
        assertThat(later.failure().attemptCount()).isEqualTo(3);
    }

    @Test
    void with_one_retry_the_first_failure_already_announces_the_last_retry() {
        PaymentFailure f = begin(new DunningPolicy(List.of(2), 1, FinalAction.CANCEL), UTC, MAR_1);

        assertThat(f.lastRetryNext()).isTrue();
    }

    @Test
    void the_restriction_comes_first_when_it_is_due_before_the_retry_and_only_once() {
        PaymentFailure f = begin(new DunningPolicy(List.of(5), 2, FinalAction.CANCEL), UTC, MAR_1);
        assertThat(f.nextActionAt()).isEqualTo(MAR_3);
        assertThat(f.restrictionDue(MAR_3)).isTrue();
        assertThat(f.retryDue(MAR_3)).isFalse();

        PaymentFailure restricted = f.restricted();

        assertThat(restricted.restrictedAt()).isEqualTo(MAR_3);
        assertThat(restricted.restrictionDue(MAR_8)).isFalse();
        assertThat(restricted.nextActionAt()).isEqualTo(MAR_6);
        assertThatThrownBy(restricted::restricted).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_retry_and_the_restriction_on_the_same_instant_are_both_due() {
        PaymentFailure f = begin(new DunningPolicy(List.of(3, 5), 3, FinalAction.CANCEL), UTC, MAR_1);

        assertThat(f.nextActionAt()).isEqualTo(MAR_4);
        assertThat(f.retryDue(MAR_4)).isTrue();
        assertThat(f.restrictionDue(MAR_4)).isTrue();
    }

    @Test
    void restricting_after_zero_days_is_due_at_the_first_failure() {
        PaymentFailure f = begin(new DunningPolicy(List.of(3), 0, FinalAction.CANCEL), UTC, MAR_1);

        assertThat(f.restrictAt()).isEqualTo(MAR_1);
        assertThat(f.restrictionDue(MAR_1)).isTrue();
    }

    @Test
    void a_policy_that_never_restricts_leaves_only_retries() {
        PaymentFailure f = begin(new DunningPolicy(List.of(3), null, FinalAction.KEEP), UTC, MAR_1);

        assertThat(f.restrictAt()).isNull();
        assertThat(f.nextActionAt()).isEqualTo(MAR_4);
        assertThat(f.retryStarted().nextActionAt()).isNull();
    }

    @Test
    void recovery_ends_an_open_or_exhausted_failure_once() {
        PaymentFailure open = begin(DunningPolicy.DEFAULT, UTC, MAR_1);
        PaymentFailure recovered = open.recovered("pay_ok", MAR_3);
        assertThat(recovered.status()).isEqualTo(PaymentFailureStatus.RECOVERED);
        assertThat(recovered.recoveredAt()).isEqualTo(MAR_3);
        assertThat(recovered.recoveredByPaymentId()).isEqualTo("pay_ok");
        assertThat(recovered.nextRetryAt()).isNull();
        assertThat(recovered.nextActionAt()).isNull();
        assertThatThrownBy(() -> recovered.recovered("pay_2", MAR_4)).isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> recovered.failed("pay_3", "x", null, MAR_4, UTC)).isInstanceOf(IllegalStateException.class);

        PaymentFailure exhausted = begin(new DunningPolicy(List.of(1), null, FinalAction.KEEP), UTC, MAR_1).retryStarted()
                .failed("pay_2", "x", null, Instant.parse("2026-03-02T10:00:00Z"), UTC).failure();
        PaymentFailure paidLate = exhausted.recovered(null, MAR_8);
        assertThat(paidLate.status()).isEqualTo(PaymentFailureStatus.RECOVERED);
        assertThat(paidLate.recoveredByPaymentId()).isNull();
        assertThat(paidLate.exhaustedAt()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    }

    @Test
    void a_new_payment_method_brings_the_waiting_retry_forward_but_not_one_in_flight() {
        PaymentFailure f = begin(DunningPolicy.DEFAULT, UTC, MAR_1);

        PaymentFailure forward = f.retryBroughtForward(MAR_3);
        assertThat(forward.nextRetryAt()).isEqualTo(MAR_3);
        assertThat(forward.nextActionAt()).isEqualTo(MAR_3);
        assertThat(forward.retryDue(MAR_3)).isTrue();
        // The brought-forward retry is the next scheduled one: when it fails, the one after follows the schedule.
        PaymentFailure.Step failed = forward.retryStarted().failed("pay_2", "x", null, MAR_3, UTC);
        assertThat(failed.failure().nextRetryAt()).isEqualTo(MAR_6);

        PaymentFailure inFlight = f.retryStarted();
        assertThat(inFlight.retryBroughtForward(MAR_3)).isSameAs(inFlight);
        assertThat(f.retryBroughtForward(MAR_8)).isSameAs(f);
    }

    @Test
    void days_count_on_the_customers_calendar_across_a_dst_change() {
        // Berlin moves to summer time on 29 March 2026: three days after 27 March 10:00 CET is 30 March 10:00 CEST.
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant first = Instant.parse("2026-03-27T09:00:00Z");

        PaymentFailure f = begin(DunningPolicy.DEFAULT, berlin, first);

        assertThat(f.nextRetryAt()).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));
        assertThat(f.restrictAt()).isEqualTo(Instant.parse("2026-03-31T08:00:00Z"));
    }

    @Test
    void a_retry_cannot_start_when_none_is_waiting() {
        PaymentFailure inFlight = begin(DunningPolicy.DEFAULT, UTC, MAR_1).retryStarted();

        assertThatThrownBy(inFlight::retryStarted).isInstanceOf(IllegalStateException.class);
    }
}
