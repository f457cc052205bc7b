package io.billstream.invoicing.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Payments landing on invoices: what is applied, what is overpaid, and when an invoice becomes paid. */
class InvoicePaymentTest {

    private static final Instant ISSUED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant PAID = Instant.parse("2026-03-05T10:00:00Z");

    /** An issued invoice of {@code totalMinor} with {@code paidMinor} already paid. */
    private static Invoice invoice(InvoiceStatus status, long totalMinor, long paidMinor) {
        long due = status == InvoiceStatus.VOID ? 0 : totalMinor - paidMinor;
        return new Invoice("in_1", "ten_1", "cus_1", "sub_1", Invoice.MANUAL, ISSUED, status, "INV-2026-000001", "USD", "half_up",
                "rates", ISSUED, ISSUED, totalMinor, 0, totalMinor, 0, 0, paidMinor, due, null, Map.of(), "{}", "{}", 0, null, ISSUED,
                ISSUED, ISSUED, status == InvoiceStatus.PAID ? ISSUED : null, status == InvoiceStatus.VOID ? ISSUED : null,
                status == InvoiceStatus.UNCOLLECTIBLE ? ISSUED : null, null, ISSUED, ISSUED);
    }

    @Test
    void a_payment_below_the_amount_due_is_applied_whole_and_the_invoice_stays_open() {
        // given 120.00 due; when 50.00 is paid: 70.00 is left
        InvoicePayment payment = invoice(InvoiceStatus.FINALIZED, 12000, 0).pay(5000, PAID);

        assertThat(payment.appliedMinor()).isEqualTo(5000);
        assertThat(payment.overpaidMinor()).isZero();
        assertThat(payment.paidNow()).isFalse();
        assertThat(payment.invoice().status()).isEqualTo(InvoiceStatus.FINALIZED);
        assertThat(payment.invoice().amountPaidMinor()).isEqualTo(5000);
        assertThat(payment.invoice().amountDueMinor()).isEqualTo(7000);
        assertThat(payment.invoice().paidAt()).isNull();
    }

    @Test
    void a_payment_of_exactly_the_amount_due_pays_the_invoice() {
        // given 70.00 left of 120.00; when 70.00 is paid: nothing is left
        InvoicePayment payment = invoice(InvoiceStatus.FINALIZED, 12000, 5000).pay(7000, PAID);

        assertThat(payment.appliedMinor()).isEqualTo(7000);
        assertThat(payment.overpaidMinor()).isZero();
        assertThat(payment.paidNow()).isTrue();
        assertThat(payment.invoice().status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(payment.invoice().amountPaidMinor()).isEqualTo(12000);
        assertThat(payment.invoice().amountDueMinor()).isZero();
        assertThat(payment.invoice().paidAt()).isEqualTo(PAID);
    }

    @Test
    void a_payment_above_the_amount_due_pays_the_invoice_and_the_rest_is_overpaid() {
        // given 30.00 due; when 45.00 is paid: 30.00 applied, 15.00 over
        InvoicePayment payment = invoice(InvoiceStatus.FINALIZED, 3000, 0).pay(4500, PAID);

        assertThat(payment.appliedMinor()).isEqualTo(3000);
        assertThat(payment.overpaidMinor()).isEqualTo(1500);
        assertThat(payment.paidNow()).isTrue();
        assertThat(payment.invoice().amountPaidMinor()).isEqualTo(3000);
    }

    @Test
    void a_written_off_invoice_that_is_paid_after_all_becomes_paid() {
        InvoicePayment payment = invoice(InvoiceStatus.UNCOLLECTIBLE, 8000, 0).pay(8000, PAID);

        assertThat(payment.paidNow()).isTrue();
        assertThat(payment.invoice().status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(payment.invoice().uncollectibleAt()).isEqualTo(ISSUED);
    }

    @Test
    void a_paid_or_void_invoice_takes_nothing_and_the_whole_payment_is_overpaid() {
        for (InvoiceStatus status : new InvoiceStatus[] {InvoiceStatus.PAID, InvoiceStatus.VOID}) {
            Invoice invoice = invoice(status, 2000, status == InvoiceStatus.PAID ? 2000 : 0);

            InvoicePayment payment = invoice.pay(2000, PAID);

            assertThat(payment.appliedMinor()).as(status.apiName()).isZero();
            assertThat(payment.overpaidMinor()).as(status.apiName()).isEqualTo(2000);
            assertThat(payment.paidNow()).as(status.apiName()).isFalse();
            assertThat(payment.invoice()).as(status.apiName()).isSameAs(invoice);
        }
    }

    @Test
    void drafts_and_invoices_waiting_for_tax_refuse_payments() {
        for (InvoiceStatus status : new InvoiceStatus[] {InvoiceStatus.DRAFT, InvoiceStatus.PENDING_TAX}) {
            assertThatThrownBy(() -> invoice(status, 2000, 0).pay(100, PAID)).as(status.apiName())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(status.apiName());
        }
        assertThatThrownBy(() -> invoice(InvoiceStatus.FINALIZED, 2000, 0).pay(0, PAID)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_a_finalized_invoice_is_written_off_and_it_keeps_its_amount_due() {
        Invoice written = invoice(InvoiceStatus.FINALIZED, 2000, 500).writtenOff(PAID);

        assertThat(written.status()).isEqualTo(InvoiceStatus.UNCOLLECTIBLE);
        assertThat(written.uncollectibleAt()).isEqualTo(PAID);
        assertThat(written.amountDueMinor()).isEqualTo(1500);
        for (InvoiceStatus status : new InvoiceStatus[] {InvoiceStatus.DRAFT, InvoiceStatus.PAID, InvoiceStatus.VOID,
                InvoiceStatus.UNCOLLECTIBLE}) {
            assertThatThrownBy(() -> invoice(status, 2000, 0).writtenOff(PAID)).as(status.apiName())
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    // Seeded JUnit loop, as in InvoiceMoneyPropertiesTest (jqwik is not used there either).
    @Test
    void never_more_than_the_amount_due_is_applied_and_nothing_of_a_payment_is_lost() {
        Random random = new Random(20_260_305L);
        InvoiceStatus[] statuses = {InvoiceStatus.FINALIZED, InvoiceStatus.UNCOLLECTIBLE, InvoiceStatus.PAID, InvoiceStatus.VOID};
        for (int i = 0; i < 10_000; i++) {
            // given: an invoice of a random total, partly paid, and a random payment around what it owes
            InvoiceStatus status = statuses[random.nextInt(statuses.length)];
            long total = 1 + random.nextInt(1_000_000);
            long alreadyPaid = status == InvoiceStatus.PAID ? total : random.nextInt((int) total);
            Invoice invoice = invoice(status, total, status == InvoiceStatus.VOID ? 0 : alreadyPaid);
            long due = invoice.amountDueMinor();
            long amount = 1 + (random.nextBoolean() ? random.nextInt((int) Math.max(1, due)) : random.nextInt(2_000_000));
            String as = "case " + i + ": " + status.apiName() + " total " + total + " due " + due + " paying " + amount;

            // when
            InvoicePayment payment = invoice.pay(amount, PAID);

            // then
            assertThat(payment.appliedMinor()).as(as).isEqualTo(status.collectible() ? Math.min(amount, due) : 0);
            assertThat(payment.appliedMinor()).as(as).isLessThanOrEqualTo(due);
            assertThat(payment.appliedMinor() + payment.overpaidMinor()).as(as).isEqualTo(amount);
            assertThat(payment.invoice().amountDueMinor()).as(as).isEqualTo(due - payment.appliedMinor()).isNotNegative();
            assertThat(payment.invoice().amountPaidMinor()).as(as).isEqualTo(invoice.amountPaidMinor() + payment.appliedMinor());
            assertThat(payment.invoice().amountPaidMinor() + payment.invoice().amountDueMinor()).as(as)
                    .isEqualTo(invoice.amountPaidMinor() + invoice.amountDueMinor());
            assertThat(payment.paidNow()).as(as).isEqualTo(status.collectible() && amount >= due);
            assertThat(payment.invoice().status()).as(as).isEqualTo(payment.paidNow() ? InvoiceStatus.PAID : status);
            assertThat(payment.overpaidMinor() > 0).as(as).isEqualTo(!status.collectible() || amount > due);
        }
    }
}
