package io.billstream.invoicing.credit.domain;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static io.billstream.invoicing.credit.domain.CreditFixtures.invoice;
import static io.billstream.invoicing.credit.domain.CreditFixtures.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditAllocationTest {

    private static final CreditableLine LINE = line("il_1", 1000, 0);

    private static void assertNothingToRefund(long totalMinor, CreditableInvoice invoice) {
        assertThatThrownBy(() -> CreditAllocation.of(totalMinor, invoice, CreditMethod.REFUND))
                .isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo("nothing_to_refund");
    }

    @Test
    void a_credit_on_an_unpaid_invoice_only_reduces_its_amount_due() {
        CreditableInvoice unpaid = invoice("finalized", 1000, 0, 0, 1000, PriorCredits.NONE, LINE);

        assertThat(CreditAllocation.of(600, unpaid, CreditMethod.CREDIT_BALANCE)).isEqualTo(new CreditAllocation(600, 0, 0));
        assertThat(unpaid.settledBy(600)).isFalse();
        assertThat(unpaid.settledBy(1000)).isTrue();
    }

    @Test
    void what_the_amount_due_cannot_absorb_goes_to_the_credit_balance() {
        CreditableInvoice halfPaid = invoice("finalized", 1000, 0, 600, 400, PriorCredits.NONE, LINE);

        assertThat(CreditAllocation.of(700, halfPaid, CreditMethod.CREDIT_BALANCE)).isEqualTo(new CreditAllocation(400, 300, 0));
    }

    @Test
    void a_refund_on_a_paid_invoice_refunds_the_whole_credit() {
        CreditableInvoice paid = invoice("paid", 1000, 0, 1000, 0, PriorCredits.NONE, LINE);

        assertThat(CreditAllocation.of(700, paid, CreditMethod.REFUND)).isEqualTo(new CreditAllocation(0, 0, 700));
    }

    @Test
    void a_refund_gives_money_back_only_for_money_paid_and_returns_the_rest_to_the_credit_balance() {
        // 6.00 of the invoice was paid from the credit balance, 4.00 in money.
        CreditableInvoice paid = invoice("paid", 1000, 600, 400, 0, PriorCredits.NONE, LINE);

        assertThat(CreditAllocation.of(1000, paid, CreditMethod.REFUND)).isEqualTo(new CreditAllocation(0, 600, 400));
    }

    @Test
    void a_refund_never_refunds_money_already_refunded() {
        CreditableInvoice paid = invoice("paid", 1000, 500, 500, 0, new PriorCredits(1, 500, 500), LINE);

        assertNothingToRefund(500, paid);
    }

    @Test
    void a_refund_of_an_unpaid_invoice_is_refused() {
        assertNothingToRefund(300, invoice("finalized", 1000, 0, 0, 1000, PriorCredits.NONE, LINE));
    }

    @Test
    void a_refund_of_an_invoice_paid_from_the_credit_balance_alone_is_refused() {
        assertNothingToRefund(300, invoice("paid", 1000, 1000, 0, 0, PriorCredits.NONE, LINE));
    }
}
