package io.billstream.subscription.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancellationTest {

    private static final Instant REQUESTED = Instant.parse("2026-04-10T00:00:00Z");
    private static final Instant EFFECTIVE = Instant.parse("2026-05-01T00:00:00Z");

    private static Cancellation scheduled() {
        return new Cancellation("can_1", "ten_1", "sub_1", "cus_1", Cancellation.Timing.PERIOD_END, true,
                Cancellation.Status.SCHEDULED, "too expensive", EFFECTIVE, 0, "USD", REQUESTED, null, REQUESTED);
    }

    private static void assertNotRevocable(Cancellation cancellation, Instant at) {
        assertThatThrownBy(() -> cancellation.revoke(at)).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo("cancellation_not_revocable");
    }

    @Test
    void a_scheduled_cancellation_is_revoked_before_it_takes_effect() {
        Instant now = Instant.parse("2026-04-30T23:59:59Z");

        Cancellation revoked = scheduled().revoke(now);

        assertThat(revoked.status()).isEqualTo(Cancellation.Status.REVOKED);
        assertThat(revoked.revokedAt()).isEqualTo(now);
        assertThat(revoked.effectiveAt()).isEqualTo(EFFECTIVE);
    }

    @Test
    void revoking_at_the_effective_instant_is_refused() {
        assertNotRevocable(scheduled(), EFFECTIVE);
    }

    @Test
    void revoking_after_the_effective_instant_is_refused() {
        assertNotRevocable(scheduled(), EFFECTIVE.plusSeconds(1));
    }

    @Test
    void an_effective_cancellation_cannot_be_revoked() {
        Cancellation effective = scheduled().takeEffect();

        assertThat(effective.status()).isEqualTo(Cancellation.Status.EFFECTIVE);
        assertNotRevocable(effective, REQUESTED);
    }

    @Test
    void a_revoked_cancellation_cannot_be_revoked_again() {
        Cancellation revoked = scheduled().revoke(REQUESTED);

        assertNotRevocable(revoked, REQUESTED.plusSeconds(60));
    }

    @Test
    void a_scheduled_cancellation_overtaken_by_a_cancellation_for_non_payment_ends_revoked() {
        Instant now = Instant.parse("2026-04-20T00:00:00Z");

        Cancellation overtaken = scheduled().supersede(now);

        assertThat(overtaken.status()).isEqualTo(Cancellation.Status.REVOKED);
        assertThat(overtaken.revokedAt()).isEqualTo(now);
        assertThatThrownBy(() -> scheduled().takeEffect().supersede(now)).isInstanceOf(StateConflictException.class);
    }
}
