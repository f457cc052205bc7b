package io.billstream.invoicing.credit.domain;

import java.time.Instant;
import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static io.billstream.invoicing.credit.domain.CreditFixtures.inclusiveLine;
import static io.billstream.invoicing.credit.domain.CreditFixtures.invoice;
import static io.billstream.invoicing.credit.domain.CreditFixtures.line;
import static io.billstream.invoicing.credit.domain.CreditFixtures.paid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The credit notes of refunds the payments module makes, and how their refund ends. */
class CreditNoteRefundTest {

    private static void assertConflict(Runnable action, String code) {
        assertThatThrownBy(action::run).isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo(code);
    }

    private static CreditNote note(String refundStatus, long refundMinor) {
        return new CreditNote("cn_1", "ten_1", "in_1", "cus_1", "INV-2026-000042-CN1", "USD", CreditReason.REFUND, CreditMethod.REFUND,
                refundMinor, 0, refundMinor, new CreditAllocation(0, 0, refundMinor), refundStatus, null, null,
                Instant.parse("2026-03-20T09:30:00Z"), List.of());
    }

    @Test
    void a_refund_is_spread_over_the_lines_in_order_with_their_tax_in_proportion_and_leaves_the_amount_due_alone() {
        // 100.00 + 20.00 exclusive tax (120.00), and 50.00 containing 7.98 of inclusive tax; 170.00 paid.
        CreditableInvoice invoice = paid(line("il_1", 10000, 2000), inclusiveLine("il_2", 5000, 798));

        CreditNoteDraft draft = CreditNoteDraft.forRefund(invoice, 14000);

        // 120.00 of the first line (all its 20.00 tax), 20.00 of the second: round(2000 × 798 / 5000 = 319.2) = 3.19 tax.
        assertThat(draft.lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 12000, 2000),
                new CreditedLine("il_2", "Line il_2", 2000, 319));
        assertThat(draft.totalMinor()).isEqualTo(14000);
        assertThat(draft.taxMinor()).isEqualTo(2319);
        assertThat(draft.allocation()).isEqualTo(new CreditAllocation(0, 0, 14000));
    }

    @Test
    void a_refund_of_a_partly_paid_invoice_refunds_no_more_than_the_money_received() {
        // 100.00 invoiced, 40.00 paid, 60.00 due.
        CreditableInvoice invoice = invoice("finalized", 10000, 0, 4000, 6000, PriorCredits.NONE, line("il_1", 10000, 0));

        assertThat(CreditNoteDraft.forRefund(invoice, 4000).allocation()).isEqualTo(new CreditAllocation(0, 0, 4000));
        assertConflict(() -> CreditNoteDraft.forRefund(invoice, 4001), "refund_exceeds_paid");
        // 40.00 paid, 15.00 of it refunded already: 25.00 can still go back.
        CreditableInvoice refundedBefore = invoice("finalized", 10000, 0, 4000, 6000, new PriorCredits(1, 1500, 1500),
                new CreditableLine("il_1", "Line il_1", 10000, 0, 0, 1500));
        assertThat(CreditNoteDraft.forRefund(refundedBefore, 2500).totalMinor()).isEqualTo(2500);
        assertConflict(() -> CreditNoteDraft.forRefund(refundedBefore, 2501), "refund_exceeds_paid");
    }

    @Test
    void a_refund_beyond_what_the_invoice_has_left_to_credit_is_refused() {
        // 100.00 paid; a correction already credited 90.00 of it: 10.00 is left to credit.
        CreditableInvoice invoice = invoice("paid", 10000, 0, 10000, 0, new PriorCredits(1, 9000, 0),
                new CreditableLine("il_1", "Line il_1", 10000, 0, 0, 9000));

        assertThat(CreditNoteDraft.forRefund(invoice, 1000).lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 1000, 0));
        assertConflict(() -> CreditNoteDraft.forRefund(invoice, 1001), "refund_exceeds_creditable");
    }

    @Test
    void refunds_are_refused_for_invoices_not_issued_and_for_amounts_that_are_not_positive() {
        for (String status : List.of("draft", "pending_tax", "void")) {
            CreditableInvoice invoice = invoice(status, 1000, 0, 1000, 0, PriorCredits.NONE, line("il_1", 1000, 0));
            assertConflict(() -> CreditNoteDraft.forRefund(invoice, 100), "invoice_not_finalized");
        }
        CreditableInvoice invoice = paid(line("il_1", 1000, 0));
        assertThatThrownBy(() -> CreditNoteDraft.forRefund(invoice, 0)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void a_pending_refund_becomes_refunded_once_and_stays_so() {
        CreditNote refunded = note("pending", 5000).refundSucceeded();

        assertThat(refunded.refundStatus()).isEqualTo("refunded");
        assertThat(refunded.refundPending()).isFalse();
        assertThat(refunded.refundSucceeded()).isSameAs(refunded);
    }

    @Test
    void a_refund_fails_in_parts_never_beyond_the_refund_and_a_failed_one_stays_failed() {
        CreditNote failed = note("pending", 5000).refundFailed(2000, 0);

        assertThat(failed.refundStatus()).isEqualTo("failed");
        // 20.00 failed before; the other 30.00 may fail too, not a minor unit more.
        assertThat(failed.refundFailed(3000, 2000).refundStatus()).isEqualTo("failed");
        assertConflict(() -> failed.refundFailed(3001, 2000), "refund_failure_exceeds_refund");
        assertThat(failed.refundSucceeded()).isSameAs(failed);
        // A refund reversed after it succeeded fails too.
        assertThat(note("refunded", 5000).refundFailed(5000, 0).refundStatus()).isEqualTo("failed");
    }

    @Test
    void a_credit_note_that_refunds_nothing_has_no_refund_to_end() {
        CreditNote toBalance = new CreditNote("cn_1", "ten_1", "in_1", "cus_1", "INV-2026-000042-CN1", "USD", CreditReason.CORRECTION,
                CreditMethod.CREDIT_BALANCE, 5000, 0, 5000, new CreditAllocation(0, 5000, 0), null, null, null,
                Instant.parse("2026-03-20T09:30:00Z"), List.of());

        assertThat(toBalance.refundPending()).isFalse();
        assertConflict(toBalance::refundSucceeded, "no_refund");
        assertConflict(() -> toBalance.refundFailed(100, 0), "no_refund");
    }
}
