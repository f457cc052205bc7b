package io.billstream.payment.domain;

import java.time.Instant;
import java.util.Map;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PaymentTest {

    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    private static Payment pending() {
        return Payment.pending("pay_1", "ten_1", "cus_1", "inv_1", "pm_1", "sandbox", 10_000, "USD", PaymentOrigin.API, null, null,
                Map.of(), null, T0);
    }

    @Test
    void a_payment_moves_from_pending_through_processing_to_succeeded() {
        Payment processing = pending().moveTo(PaymentStatus.PROCESSING, "tx_1", null, null, T1);
        Payment succeeded = processing.moveTo(PaymentStatus.SUCCEEDED, null, null, null, T2);

        assertThat(processing.status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(processing.processingAt()).isEqualTo(T1);
        assertThat(succeeded.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(succeeded.providerTransactionId()).isEqualTo("tx_1");
        assertThat(succeeded.succeededAt()).isEqualTo(T2);
    }

    @Test
    void a_late_processing_report_never_overwrites_succeeded() {
        Payment succeeded = pending().moveTo(PaymentStatus.SUCCEEDED, "tx_1", null, null, T1);

        assertThat(succeeded.moveTo(PaymentStatus.PROCESSING, "tx_1", null, null, T2)).isSameAs(succeeded);
        assertThat(succeeded.moveTo(PaymentStatus.FAILED, "tx_1", "card_declined", null, T2)).isSameAs(succeeded);
        assertThat(succeeded.moveTo(PaymentStatus.CANCELED, "tx_1", null, null, T2)).isSameAs(succeeded);
    }

    @Test
    void a_failed_payment_can_still_be_reported_succeeded_but_nothing_else() {
        Payment failed = pending().moveTo(PaymentStatus.FAILED, "tx_1", null, "declined", T1);

        assertThat(failed.failureCode()).isEqualTo("payment_failed");
        assertThat(failed.moveTo(PaymentStatus.PROCESSING, null, null, null, T2)).isSameAs(failed);
        Payment late = failed.moveTo(PaymentStatus.SUCCEEDED, null, null, null, T2);
        assertThat(late.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(late.failureCode()).isNull();
        assertThat(late.failedAt()).isEqualTo(T1);
    }

    @Test
    void a_canceled_payment_is_final() {
        Payment canceled = pending().moveTo(PaymentStatus.CANCELED, null, "invoice_not_payable", null, T1);
        for (PaymentStatus target : PaymentStatus.values()) {
            assertThat(canceled.moveTo(target, "tx", null, null, T2)).isSameAs(canceled);
        }
    }

    @Test
    void a_repeated_report_is_no_change() {
        Payment processing = pending().moveTo(PaymentStatus.PROCESSING, "tx_1", null, null, T1);
        assertThat(processing.moveTo(PaymentStatus.PROCESSING, "tx_1", null, null, T2)).isSameAs(processing);
    }

    @Test
    void the_transitions_are_exactly_these() {
        assertThat(PaymentStatus.PENDING.next()).containsExactlyInAnyOrder(PaymentStatus.PROCESSING, PaymentStatus.SUCCEEDED,
                PaymentStatus.FAILED, PaymentStatus.CANCELED);
        assertThat(PaymentStatus.PROCESSING.next()).containsExactlyInAnyOrder(PaymentStatus.SUCCEEDED, PaymentStatus.FAILED,
                PaymentStatus.CANCELED);
        assertThat(PaymentStatus.FAILED.next()).containsExactly(PaymentStatus.SUCCEEDED);
        assertThat(PaymentStatus.SUCCEEDED.next()).isEmpty();
        assertThat(PaymentStatus.CANCELED.next()).isEmpty();
    }

    @Test
    void refunds_are_bounded_by_what_the_invoice_took() {
        Payment succeeded = pending().moveTo(PaymentStatus.SUCCEEDED, "tx_1", null, null, T1).settled(8_000, 2_000);

        assertThat(succeeded.refundableMinor()).isEqualTo(8_000);
        succeeded.requireRefundable(8_000);
        assertThatThrownBy(() -> succeeded.requireRefundable(8_001)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("8000 left to refund");
        assertThatThrownBy(() -> pending().requireRefundable(1)).isInstanceOf(StateConflictException.class)
                .hasMessageContaining("only a succeeded payment");
    }

    @Test
    void settling_must_account_for_the_whole_amount() {
        Payment succeeded = pending().moveTo(PaymentStatus.SUCCEEDED, "tx_1", null, null, T1);
        assertThatThrownBy(() -> succeeded.settled(5_000, 4_000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pending().settled(10_000, 0)).isInstanceOf(IllegalStateException.class);
    }
}
