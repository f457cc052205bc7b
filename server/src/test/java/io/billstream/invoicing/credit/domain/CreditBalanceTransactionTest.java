package io.billstream.invoicing.credit.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditBalanceTransactionTest {

    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

    private static CreditBalanceTransaction post(long balanceMinor, long amountMinor) {
        return CreditBalanceTransaction.post("cbt_1", "ten_1", "cus_1", "USD", balanceMinor, amountMinor, CreditBalanceKind.ADJUSTMENT,
                null, null, null, NOW);
    }

    @Test
    void a_row_carries_the_balance_after_it() {
        assertThat(post(500, 250).balanceAfterMinor()).isEqualTo(750);
        assertThat(post(500, -500).balanceAfterMinor()).isZero();
    }

    @Test
    void taking_more_than_the_balance_is_refused() {
        assertThatThrownBy(() -> post(500, -501)).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo("insufficient_credit_balance");
    }

    @Test
    void a_row_that_moves_nothing_is_refused() {
        assertThatThrownBy(() -> post(500, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
