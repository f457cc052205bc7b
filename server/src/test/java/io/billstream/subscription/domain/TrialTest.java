package io.billstream.subscription.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrialTest {

    private static final Instant STARTS = Instant.parse("2026-04-01T00:00:00Z");
    private static final Instant ENDS = Instant.parse("2026-04-15T00:00:00Z");

    private static Trial active() {
        return new Trial("trl_1", "ten_1", "sub_1", "cus_1", Trial.Status.ACTIVE, STARTS, ENDS, Trial.MissingPaymentMethod.EXPIRE,
                null, STARTS);
    }

    @Test
    void an_active_trial_ends_with_the_outcome_at_the_given_instant() {
        Trial converted = active().end(Trial.Status.CONVERTED, ENDS);

        assertThat(converted.status()).isEqualTo(Trial.Status.CONVERTED);
        assertThat(converted.endedAt()).isEqualTo(ENDS);
        assertThat(converted.endsAt()).isEqualTo(ENDS);
    }

    @Test
    void a_trial_that_ended_cannot_end_again() {
        Trial converted = active().end(Trial.Status.CONVERTED, ENDS);

        assertThatThrownBy(() -> converted.end(Trial.Status.EXPIRED, ENDS)).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo("trial_converted");
    }

    @Test
    void an_expired_trial_cannot_be_canceled() {
        Trial expired = active().end(Trial.Status.EXPIRED, ENDS);

        assertThatThrownBy(() -> expired.end(Trial.Status.CANCELED, ENDS)).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo("trial_expired");
    }
}
