package io.billstream.invoicing.credit.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoidedInvoiceCreditTest {

    @Test
    void voiding_an_unpaid_invoice_gives_back_the_credit_it_consumed() {
        assertThat(new VoidedInvoiceCredit(300, 0, 0, 0).restorableMinor()).isEqualTo(300);
    }

    @Test
    void the_credit_is_given_back_once() {
        assertThat(new VoidedInvoiceCredit(300, 300, 0, 0).restorableMinor()).isZero();
    }

    @Test
    void money_paid_and_not_returned_does_not_hold_back_the_consumed_credit() {
        assertThat(new VoidedInvoiceCredit(300, 0, 200, 0).restorableMinor()).isEqualTo(300);
    }

    @Test
    void credit_already_returned_by_credit_notes_is_not_given_back_twice() {
        // 3.00 from the balance and 7.00 in money, all of it returned by credit notes before the void.
        assertThat(new VoidedInvoiceCredit(300, 0, 700, 1000).restorableMinor()).isZero();
    }

    @Test
    void a_partly_returned_invoice_gives_back_only_what_is_left() {
        // 3.00 consumed; a credit note returned 1.00 of it to the balance, the rest reduced the amount due.
        assertThat(new VoidedInvoiceCredit(300, 0, 0, 100).restorableMinor()).isEqualTo(200);
    }
}
