package io.billstream.subscription.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.billstream.catalog.domain.period.BillingAnchor;
import io.billstream.catalog.domain.period.BillingPeriod;
import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionTest {

    private static final Instant START = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant PERIOD_END = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant TRIAL_END = Instant.parse("2026-04-15T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");
    private static final BillingPeriod APRIL = new BillingPeriod(START, PERIOD_END);
    private static final BillingPeriod MAY = new BillingPeriod(PERIOD_END, Instant.parse("2026-06-01T00:00:00Z"));

    /** A subscription in {@code status} with a 14-day trial behind or ahead of it and April as its period. */
    private static Subscription subscription(SubscriptionStatus status) {
        boolean paid = status.inPaidPeriod() || status == SubscriptionStatus.TERMINATED;
        return new Subscription("sub_1", "ten_1", "cus_1", null, "plan_1", "pv_1", status, BillingAnchor.ANNIVERSARY, "USD", "UTC",
                START, "trl_1", TRIAL_END, false, paid ? START : null, paid ? START : null, paid ? PERIOD_END : null,
                Map.of("seats", 2L), null, status == SubscriptionStatus.CANCELED ? "can_1" : null, paid ? START : null,
                status == SubscriptionStatus.CANCELED ? START : null, status == SubscriptionStatus.TERMINATED ? START : null,
                status == SubscriptionStatus.TERMINATED ? "canceled" : null, null, null, null, Map.of(), START, START, 7);
    }

    private static Subscription trialing(Instant trialEnd, boolean trialWillEndSent) {
        return new Subscription("sub_1", "ten_1", "cus_1", null, "plan_1", "pv_1", SubscriptionStatus.TRIALING,
                BillingAnchor.ANNIVERSARY, "USD", "UTC", START, "trl_1", trialEnd, trialWillEndSent, null, null, null, Map.of(),
                null, null, null, null, null, null, null, null, null, Map.of(), START, START, 1);
    }

    private static PendingChange downgrade() {
        return new PendingChange("pv_2", "basic", 1, Map.of("seats", 1L), PERIOD_END);
    }

    private static void assertRefused(Runnable transition, String code) {
        assertThatThrownBy(transition::run).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo(code);
    }

    // nextAction()

    @Test
    void a_pending_subscription_starts_at_its_start() {
        Subscription pending = subscription(SubscriptionStatus.PENDING);

        assertThat(pending.nextAction()).contains(new DueAction(DueAction.Kind.START, START));
        assertThat(pending.nextActionAt()).isEqualTo(START);
    }

    @Test
    void a_trial_announces_its_end_three_days_before_it() {
        Subscription trial = trialing(TRIAL_END, false);

        assertThat(trial.nextAction()).contains(new DueAction(DueAction.Kind.TRIAL_WILL_END, Instant.parse("2026-04-12T00:00:00Z")));
    }

    @Test
    void a_trial_shorter_than_three_days_announces_its_end_at_its_start() {
        Subscription twoDays = trialing(START.plus(Duration.ofDays(2)), false);

        assertThat(twoDays.nextAction()).contains(new DueAction(DueAction.Kind.TRIAL_WILL_END, START));
    }

    @Test
    void a_trial_of_exactly_three_days_announces_its_end_at_its_start() {
        Subscription threeDays = trialing(START.plus(Duration.ofDays(3)), false);

        assertThat(threeDays.nextAction()).contains(new DueAction(DueAction.Kind.TRIAL_WILL_END, START));
    }

    @Test
    void a_trial_whose_end_was_announced_ends_next() {
        Subscription announced = trialing(TRIAL_END, true);

        assertThat(announced.nextAction()).contains(new DueAction(DueAction.Kind.TRIAL_END, TRIAL_END));
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"ACTIVE", "PAST_DUE", "CANCELED"})
    void a_subscription_in_a_paid_period_is_due_at_the_period_end(SubscriptionStatus status) {
        Subscription paid = subscription(status);

        assertThat(paid.nextAction()).contains(new DueAction(DueAction.Kind.PERIOD_END, PERIOD_END));
    }

    @Test
    void a_terminated_subscription_has_no_next_action() {
        Subscription ended = subscription(SubscriptionStatus.TERMINATED);

        assertThat(ended.nextAction()).isEmpty();
        assertThat(ended.nextActionAt()).isNull();
    }

    // Transitions allowed

    @Test
    void starting_a_pending_subscription_with_a_trial_makes_it_trialing() {
        Subscription started = subscription(SubscriptionStatus.PENDING).startTrial(NOW);

        assertThat(started.status()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(started.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void activating_sets_the_cycle_and_the_first_period() {
        Subscription active = subscription(SubscriptionStatus.PENDING).activate(START, APRIL, NOW);

        assertThat(active.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(active.cycleStart()).isEqualTo(START);
        assertThat(active.currentPeriod()).isEqualTo(APRIL);
        assertThat(active.activatedAt()).isEqualTo(START);
    }

    @Test
    void renewing_moves_to_the_next_period() {
        Subscription renewed = subscription(SubscriptionStatus.ACTIVE).renew(MAY, NOW);

        assertThat(renewed.currentPeriod()).isEqualTo(MAY);
        assertThat(renewed.status()).isEqualTo(SubscriptionStatus.ACTIVE);
    }

    @Test
    void canceling_for_the_period_end_marks_an_active_subscription_canceled() {
        Subscription canceled = subscription(SubscriptionStatus.ACTIVE).scheduleCancellation("can_9", NOW);

        assertThat(canceled.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(canceled.cancellationId()).isEqualTo("can_9");
        assertThat(canceled.canceledAt()).isEqualTo(NOW);
    }

    @Test
    void canceling_a_trial_for_its_end_keeps_it_trialing() {
        Subscription canceled = trialing(TRIAL_END, false).scheduleCancellation("can_9", NOW);

        assertThat(canceled.status()).isEqualTo(SubscriptionStatus.TRIALING);
        assertThat(canceled.cancellationId()).isEqualTo("can_9");
    }

    @Test
    void revoking_a_cancellation_makes_a_canceled_subscription_active_again() {
        Subscription revoked = subscription(SubscriptionStatus.CANCELED).revokeCancellation(NOW);

        assertThat(revoked.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(revoked.cancellationId()).isNull();
        assertThat(revoked.canceledAt()).isNull();
    }

    @Test
    void terminating_records_when_and_why_and_drops_a_pending_change() {
        Subscription withChange = subscription(SubscriptionStatus.ACTIVE).schedulePlanChange(downgrade(), NOW);

        Subscription ended = withChange.terminate(PERIOD_END, "canceled", NOW);

        assertThat(ended.status()).isEqualTo(SubscriptionStatus.TERMINATED);
        assertThat(ended.endedAt()).isEqualTo(PERIOD_END);
        assertThat(ended.endedReason()).isEqualTo("canceled");
        assertThat(ended.pendingChange()).isNull();
    }

    @Test
    void switching_plans_clears_a_pending_change() {
        Subscription withChange = subscription(SubscriptionStatus.ACTIVE).schedulePlanChange(downgrade(), NOW);

        Subscription switched = withChange.switchPlan("plan_2", "pv_2", Map.of("seats", 1L), START, APRIL, NOW);

        assertThat(switched.planVersionId()).isEqualTo("pv_2");
        assertThat(switched.quantities()).containsExactly(Map.entry("seats", 1L));
        assertThat(switched.pendingChange()).isNull();
    }

    @Test
    void every_change_increments_the_version_by_one() {
        Subscription pending = subscription(SubscriptionStatus.PENDING);

        Subscription trialing = pending.startTrial(NOW);
        Subscription announced = trialing.trialWillEndSent(NOW);
        Subscription active = announced.activate(TRIAL_END, APRIL, NOW);
        Subscription moreSeats = active.withQuantities(Map.of("seats", 3L), NOW);
        Subscription withChange = moreSeats.schedulePlanChange(downgrade(), NOW);
        Subscription switched = withChange.switchPlan("plan_2", "pv_2", Map.of(), START, APRIL, NOW);
        Subscription renewed = switched.renew(MAY, NOW);
        Subscription canceled = renewed.scheduleCancellation("can_1", NOW);
        Subscription revoked = canceled.revokeCancellation(NOW);
        Subscription ended = revoked.terminate(NOW, "canceled", NOW);

        assertThat(java.util.List.of(pending, trialing, announced, active, moreSeats, withChange, switched, renewed, canceled, revoked,
                ended)).extracting(Subscription::version).containsExactly(7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L);
    }

    // Transitions refused

    @Test
    void only_a_pending_subscription_starts_a_trial() {
        assertRefused(() -> subscription(SubscriptionStatus.ACTIVE).startTrial(NOW), "subscription_active");
        assertRefused(() -> trialing(TRIAL_END, false).startTrial(NOW), "subscription_trialing");
    }

    @Test
    void only_a_trialing_subscription_announces_its_trial_end() {
        assertRefused(() -> subscription(SubscriptionStatus.ACTIVE).trialWillEndSent(NOW), "subscription_active");
    }

    @Test
    void a_terminated_subscription_cannot_be_activated() {
        assertRefused(() -> subscription(SubscriptionStatus.TERMINATED).activate(START, APRIL, NOW), "subscription_terminated");
    }

    @Test
    void an_active_subscription_cannot_be_activated_again() {
        assertRefused(() -> subscription(SubscriptionStatus.ACTIVE).activate(START, APRIL, NOW), "subscription_active");
    }

    @Test
    void a_canceled_subscription_is_not_renewed() {
        assertRefused(() -> subscription(SubscriptionStatus.CANCELED).renew(MAY, NOW), "subscription_canceled");
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"PENDING", "TRIALING", "TERMINATED"})
    void a_subscription_outside_a_paid_period_is_not_renewed(SubscriptionStatus status) {
        assertRefused(() -> subscription(status).renew(MAY, NOW), "subscription_" + status.apiName());
    }

    @Test
    void a_past_due_subscription_is_still_renewed() {
        assertThat(subscription(SubscriptionStatus.PAST_DUE).renew(MAY, NOW).currentPeriod()).isEqualTo(MAY);
    }

    @Test
    void a_plan_change_cannot_be_scheduled_while_trialing() {
        assertRefused(() -> trialing(TRIAL_END, false).schedulePlanChange(downgrade(), NOW), "subscription_not_active");
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"PENDING", "CANCELED", "TERMINATED"})
    void a_plan_change_is_scheduled_only_on_an_active_or_past_due_subscription(SubscriptionStatus status) {
        assertRefused(() -> subscription(status).schedulePlanChange(downgrade(), NOW), "subscription_not_active");
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"CANCELED", "TERMINATED"})
    void the_plan_of_a_canceled_or_terminated_subscription_cannot_change(SubscriptionStatus status) {
        assertRefused(() -> subscription(status).switchPlan("plan_2", "pv_2", Map.of(), START, APRIL, NOW),
                "subscription_" + status.apiName());
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"PENDING", "CANCELED", "TERMINATED"})
    void a_subscription_that_is_not_running_cannot_be_canceled_for_its_period_end(SubscriptionStatus status) {
        assertRefused(() -> subscription(status).scheduleCancellation("can_9", NOW), "subscription_" + status.apiName());
    }

    @Test
    void revoking_without_a_cancellation_is_refused() {
        assertRefused(() -> subscription(SubscriptionStatus.ACTIVE).revokeCancellation(NOW), "cancellation_not_revocable");
    }

    @Test
    void revoking_the_cancellation_of_a_terminated_subscription_is_refused() {
        Subscription ended = subscription(SubscriptionStatus.CANCELED).terminate(PERIOD_END, "canceled", NOW);

        assertThat(ended.cancellationId()).isEqualTo("can_1");
        assertRefused(() -> ended.revokeCancellation(NOW), "cancellation_not_revocable");
    }

    @Test
    void a_terminated_subscription_cannot_be_terminated_again() {
        assertRefused(() -> subscription(SubscriptionStatus.TERMINATED).terminate(NOW, "canceled", NOW), "subscription_terminated");
    }

    @Test
    void the_quantities_of_a_terminated_subscription_cannot_change() {
        assertRefused(() -> subscription(SubscriptionStatus.TERMINATED).withQuantities(Map.of("seats", 5L), NOW),
                "subscription_terminated");
    }

    @Test
    void a_refused_transition_leaves_the_subscription_as_it_was() {
        Subscription canceled = subscription(SubscriptionStatus.CANCELED);

        assertRefused(() -> canceled.renew(MAY, NOW), "subscription_canceled");

        assertThat(canceled).isEqualTo(subscription(SubscriptionStatus.CANCELED));
    }

    // Dunning

    private static final Instant FAILED = Instant.parse("2026-04-05T00:00:00Z");
    private static final Instant RESTRICTED = Instant.parse("2026-04-09T00:00:00Z");

    @Test
    void a_failed_payment_makes_an_active_subscription_past_due() {
        Subscription pastDue = subscription(SubscriptionStatus.ACTIVE).markPastDue(FAILED, NOW);

        assertThat(pastDue.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(pastDue.pastDueSince()).isEqualTo(FAILED);
        assertThat(pastDue.version()).isEqualTo(8);
        assertThat(pastDue.canBecomePastDue()).isFalse();
    }

    @Test
    void a_subscription_canceled_for_its_period_end_stays_canceled_but_is_marked_past_due() {
        Subscription marked = subscription(SubscriptionStatus.CANCELED).markPastDue(FAILED, NOW);

        assertThat(marked.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(marked.pastDueSince()).isEqualTo(FAILED);
        assertThat(marked.nextAction()).contains(new DueAction(DueAction.Kind.PERIOD_END, PERIOD_END));
    }

    @ParameterizedTest
    @EnumSource(value = SubscriptionStatus.class, names = {"PENDING", "TRIALING", "PAST_DUE", "TERMINATED"})
    void only_an_active_or_canceled_subscription_becomes_past_due(SubscriptionStatus status) {
        assertThat(subscription(status).canBecomePastDue()).isFalse();
        assertRefused(() -> subscription(status).markPastDue(FAILED, NOW), "subscription_" + status.apiName());
    }

    @Test
    void revoking_the_cancellation_of_a_past_due_subscription_returns_it_to_past_due() {
        Subscription canceled = subscription(SubscriptionStatus.ACTIVE).markPastDue(FAILED, NOW).scheduleCancellation("can_9", NOW);
        assertThat(canceled.status()).isEqualTo(SubscriptionStatus.CANCELED);

        Subscription revoked = canceled.revokeCancellation(NOW);

        assertThat(revoked.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(revoked.pastDueSince()).isEqualTo(FAILED);
    }

    @Test
    void renewals_and_plan_changes_keep_the_dunning_marks() {
        Subscription restricted = subscription(SubscriptionStatus.ACTIVE).markPastDue(FAILED, NOW).restrictEntitlements(RESTRICTED, NOW);

        Subscription switched = restricted.switchPlan("plan_2", "pv_2", Map.of(), START, APRIL, NOW);
        Subscription renewed = switched.renew(MAY, NOW);

        assertThat(renewed.status()).isEqualTo(SubscriptionStatus.PAST_DUE);
        assertThat(renewed.pastDueSince()).isEqualTo(FAILED);
        assertThat(renewed.entitlementsRestrictedAt()).isEqualTo(RESTRICTED);
        assertThat(renewed.entitlementsRestricted()).isTrue();
    }

    @Test
    void entitlements_are_restricted_once_and_not_after_the_end() {
        Subscription restricted = subscription(SubscriptionStatus.PAST_DUE).restrictEntitlements(RESTRICTED, NOW);

        assertThat(restricted.canRestrictEntitlements()).isFalse();
        assertRefused(() -> restricted.restrictEntitlements(NOW, NOW), "subscription_past_due");
        assertRefused(() -> subscription(SubscriptionStatus.TERMINATED).restrictEntitlements(NOW, NOW), "subscription_terminated");
    }

    @Test
    void recovering_clears_both_marks_and_makes_a_past_due_subscription_active() {
        Subscription restricted = subscription(SubscriptionStatus.ACTIVE).markPastDue(FAILED, NOW).restrictEntitlements(RESTRICTED, NOW);

        Subscription recovered = restricted.recover(NOW);

        assertThat(recovered.status()).isEqualTo(SubscriptionStatus.ACTIVE);
        assertThat(recovered.pastDueSince()).isNull();
        assertThat(recovered.entitlementsRestrictedAt()).isNull();
        assertThat(recovered.canRecover()).isFalse();
    }

    @Test
    void recovering_a_canceled_subscription_keeps_its_cancellation() {
        Subscription recovered = subscription(SubscriptionStatus.CANCELED).markPastDue(FAILED, NOW).recover(NOW);

        assertThat(recovered.status()).isEqualTo(SubscriptionStatus.CANCELED);
        assertThat(recovered.cancellationId()).isEqualTo("can_1");
        assertThat(recovered.pastDueSince()).isNull();
    }

    @Test
    void a_subscription_that_is_not_dunned_or_has_ended_does_not_recover() {
        assertThat(subscription(SubscriptionStatus.ACTIVE).canRecover()).isFalse();
        Subscription endedWhileDunned = subscription(SubscriptionStatus.ACTIVE).markPastDue(FAILED, NOW)
                .cancelForNonPayment("can_9", NOW, NOW);
        assertThat(endedWhileDunned.canRecover()).isFalse();
        assertRefused(() -> endedWhileDunned.recover(NOW), "subscription_terminated");
    }

    @Test
    void canceling_for_non_payment_ends_now_and_overtakes_a_scheduled_cancellation() {
        Subscription ended = subscription(SubscriptionStatus.CANCELED).markPastDue(FAILED, NOW).cancelForNonPayment("can_9", NOW, NOW);

        assertThat(ended.status()).isEqualTo(SubscriptionStatus.TERMINATED);
        assertThat(ended.endedReason()).isEqualTo("nonpayment");
        assertThat(ended.endedAt()).isEqualTo(NOW);
        assertThat(ended.cancellationId()).isEqualTo("can_9");
        assertThat(ended.nextAction()).isEmpty();
        assertRefused(() -> subscription(SubscriptionStatus.CANCELED).cancelNow("can_9", NOW, NOW), "subscription_canceled");
        assertRefused(() -> ended.cancelForNonPayment("can_10", NOW, NOW), "subscription_terminated");
    }
}
