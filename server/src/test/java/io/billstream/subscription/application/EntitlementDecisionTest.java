package io.billstream.subscription.application;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.billstream.subscription.db.Entitlements;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EntitlementDecisionTest {

    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

    private static Entitlements.Row flag(String subscription, boolean enabled, boolean restricted) {
        return new Entitlements.Row(subscription, "cus_1", "sso", "boolean", enabled, null, "never", null, BigDecimal.ZERO, null, null,
                List.of(), restricted);
    }

    private static Entitlements.Row limit(String subscription, long limit, long used, Instant resetsAt, boolean restricted) {
        return new Entitlements.Row(subscription, "cus_1", "api_calls", "limit", true, BigDecimal.valueOf(limit), "period",
                "api_calls", BigDecimal.valueOf(used), resetsAt == null ? null : MAY, resetsAt, List.of(), restricted);
    }

    @Test
    void a_restricted_switch_grants_nothing_and_says_so() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "sso", List.of(flag("sub_1", true, true)));

        assertThat(decision.type()).isEqualTo("boolean");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.restricted()).isTrue();
        assertThat(decision.restrictedReason()).isEqualTo("payment_past_due");
        assertThat(decision.subscriptionIds()).isEmpty();
        assertThat(decision.restrictedSubscriptionIds()).containsExactly("sub_1");
    }

    @Test
    void a_restricted_limit_is_a_limit_of_zero_with_nothing_used() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "api_calls", List.of(limit("sub_1", 1000, 200, JUNE, true)));

        assertThat(decision.type()).isEqualTo("limit");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.restricted()).isTrue();
        assertThat(decision.limit()).isEqualTo("0");
        assertThat(decision.used()).isEqualTo("0");
        assertThat(decision.remaining()).isEqualTo("0");
        assertThat(decision.resetsAt()).isNull();
    }

    @Test
    void a_restricted_limit_does_not_add_to_another_subscriptions_limit() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "api_calls",
                List.of(limit("sub_1", 1000, 900, MAY, true), limit("sub_2", 100, 40, JUNE, false)));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.restricted()).isFalse();
        assertThat(decision.restrictedReason()).isNull();
        assertThat(decision.limit()).isEqualTo("100");
        assertThat(decision.used()).isEqualTo("40");
        assertThat(decision.remaining()).isEqualTo("60");
        assertThat(decision.resetsAt()).isEqualTo(JUNE);
        assertThat(decision.subscriptionIds()).containsExactly("sub_2");
        assertThat(decision.restrictedSubscriptionIds()).containsExactly("sub_1");
    }

    @Test
    void a_restricted_switch_that_is_on_does_not_turn_on_another_subscriptions_switch_that_is_off() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "sso", List.of(flag("sub_1", true, true), flag("sub_2", false, false)));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.restricted()).isFalse();
        assertThat(decision.subscriptionIds()).containsExactly("sub_2");
    }

    @Test
    void an_unrestricted_switch_that_is_on_allows_despite_a_restricted_one() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "sso", List.of(flag("sub_1", true, true), flag("sub_2", true, false)));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.restricted()).isFalse();
    }

    @Test
    void the_type_comes_from_the_grants_that_still_grant() {
        // A restricted limit grant would otherwise make the decision a limit and ignore the switch.
        Entitlements.Row restrictedLimit = new Entitlements.Row("sub_1", "cus_1", "sso", "limit", true, BigDecimal.TEN, "never", null,
                BigDecimal.ZERO, null, null, List.of(), true);
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "sso", List.of(restrictedLimit, flag("sub_2", true, false)));

        assertThat(decision.type()).isEqualTo("boolean");
        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void unrestricted_grants_decide_as_before() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "api_calls",
                List.of(limit("sub_1", 1000, 1000, MAY, false), limit("sub_2", 100, 40, JUNE, false)));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.restricted()).isFalse();
        assertThat(decision.limit()).isEqualTo("1100");
        assertThat(decision.used()).isEqualTo("1040");
        assertThat(decision.resetsAt()).isEqualTo(MAY);
        assertThat(decision.restrictedSubscriptionIds()).isEmpty();
    }

    @Test
    void no_grant_is_neither_allowed_nor_restricted() {
        EntitlementDecision decision = EntitlementDecision.of("cus_1", "sso", List.of());

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.restricted()).isFalse();
        assertThat(decision.type()).isNull();
        assertThat(decision.restrictedSubscriptionIds()).isEmpty();
    }
}
