package io.billstream.invoicing.credit.domain;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static io.billstream.invoicing.credit.domain.CreditFixtures.inclusiveLine;
import static io.billstream.invoicing.credit.domain.CreditFixtures.invoice;
import static io.billstream.invoicing.credit.domain.CreditFixtures.line;
import static io.billstream.invoicing.credit.domain.CreditFixtures.paid;
import static io.billstream.invoicing.credit.domain.CreditFixtures.unpaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditNoteDraftTest {

    private static void assertRefused(CreditableInvoice invoice, List<RequestedLine> lines, String field) {
        assertThatThrownBy(() -> CreditNoteDraft.of(invoice, lines, CreditMethod.CREDIT_BALANCE))
                .isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).field()).isEqualTo(field);
    }

    private static void assertConflict(CreditableInvoice invoice, String code) {
        assertThatThrownBy(() -> CreditNoteDraft.of(invoice, null, CreditMethod.CREDIT_BALANCE))
                .isInstanceOf(StateConflictException.class)
                .extracting(e -> ((StateConflictException) e).code()).isEqualTo(code);
    }

    private static RequestedLine credit(String lineId, Long amountMinor) {
        return new RequestedLine(lineId, amountMinor);
    }

    @Test
    void a_whole_credit_note_takes_what_every_line_has_left_with_all_its_tax() {
        // 10.00 + 20 % exclusive tax, and 11.90 containing 1.90 of inclusive tax.
        CreditableInvoice invoice = unpaid(line("il_1", 1000, 200), inclusiveLine("il_2", 1190, 190));

        CreditNoteDraft draft = CreditNoteDraft.of(invoice, null, CreditMethod.CREDIT_BALANCE);

        assertThat(draft.lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 1200, 200),
                new CreditedLine("il_2", "Line il_2", 1190, 190));
        assertThat(draft.totalMinor()).isEqualTo(2390);
        assertThat(draft.taxMinor()).isEqualTo(390);
        assertThat(draft.subtotalMinor()).isEqualTo(2000);
    }

    @Test
    void the_worked_example_of_the_documentation() {
        // docs/credit-notes.md: 170.00 invoiced, 100.00 paid, 70.00 due.
        CreditableInvoice invoice = invoice("finalized", 17000, 0, 10000, 7000, PriorCredits.NONE,
                line("il_1", 10000, 2000), inclusiveLine("il_2", 5000, 798));
        List<RequestedLine> lines = List.of(credit("il_1", 6000L), credit("il_2", null));

        CreditNoteDraft toBalance = CreditNoteDraft.of(invoice, lines, CreditMethod.CREDIT_BALANCE);
        CreditNoteDraft refunded = CreditNoteDraft.of(invoice, lines, CreditMethod.REFUND);

        assertThat(toBalance.lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 6000, 1000),
                new CreditedLine("il_2", "Line il_2", 5000, 798));
        assertThat(List.of(toBalance.totalMinor(), toBalance.taxMinor(), toBalance.subtotalMinor())).containsExactly(11000L, 1798L, 9202L);
        assertThat(toBalance.allocation()).isEqualTo(new CreditAllocation(7000, 4000, 0));
        assertThat(invoice.settledBy(7000)).isTrue();
        assertThat(refunded.allocation()).isEqualTo(new CreditAllocation(7000, 0, 4000));
    }

    @Test
    void the_tax_in_a_partial_credit_is_the_lines_tax_in_proportion() {
        // 500 × 200 / 1199 = 83.40 → 83
        CreditNoteDraft draft = CreditNoteDraft.of(paid(line("il_1", 999, 200)), List.of(credit("il_1", 500L)),
                CreditMethod.CREDIT_BALANCE);

        assertThat(draft.lines().getFirst().taxMinor()).isEqualTo(83);
        assertThat(draft.subtotalMinor()).isEqualTo(417);
    }

    @Test
    void the_proportional_tax_rounds_half_up() {
        // 2 × 10 / 40 = 0.5 → 1
        CreditNoteDraft draft = CreditNoteDraft.of(paid(line("il_1", 30, 10)), List.of(credit("il_1", 2L)), CreditMethod.CREDIT_BALANCE);

        assertThat(draft.lines().getFirst().taxMinor()).isEqualTo(1);
    }

    @Test
    void the_tax_inside_a_partial_credit_of_an_inclusive_line_is_in_proportion_too() {
        // 595 × 190 / 1190 = 95
        CreditNoteDraft draft = CreditNoteDraft.of(paid(inclusiveLine("il_1", 1190, 190)), List.of(credit("il_1", 595L)),
                CreditMethod.CREDIT_BALANCE);

        assertThat(draft.lines().getFirst().taxMinor()).isEqualTo(95);
    }

    @Test
    void a_line_credited_in_pieces_gives_back_exactly_its_tax() {
        // Each piece alone would round to 67 (400 × 200 / 1199 = 66.72; 399 × 200 / 1199 = 66.56): 201 in all.
        CreditableLine line = line("il_1", 999, 200);
        long first = line.taxInCredit(400);
        CreditableLine afterFirst = new CreditableLine("il_1", "Line il_1", 999, 200, 0, 400);
        long second = afterFirst.taxInCredit(400);
        CreditableLine afterSecond = new CreditableLine("il_1", "Line il_1", 999, 200, 0, 800);
        long third = afterSecond.taxInCredit(399);

        assertThat(List.of(first, second, third)).containsExactly(67L, 66L, 67L);
        assertThat(first + second + third).isEqualTo(200);
    }

    @Test
    void a_line_named_without_an_amount_is_credited_for_what_it_has_left() {
        CreditableLine halfCredited = new CreditableLine("il_1", "Line il_1", 1000, 200, 0, 600);
        CreditableInvoice invoice = invoice("paid", 1200, 0, 1200, 0, new PriorCredits(1, 600, 0), halfCredited);

        CreditNoteDraft draft = CreditNoteDraft.of(invoice, List.of(credit("il_1", null)), CreditMethod.CREDIT_BALANCE);

        // Tax of the whole line minus the tax already credited: 200 − round(600 × 200 / 1200) = 100.
        assertThat(draft.lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 600, 100));
    }

    @Test
    void a_credit_above_what_a_line_has_left_is_refused() {
        CreditableInvoice invoice = paid(line("il_1", 1000, 200), line("il_2", 500, 100));

        assertRefused(invoice, List.of(credit("il_1", 100L), credit("il_2", 601L)), "lines[1].amount_minor");
    }

    @Test
    void a_zero_or_negative_credit_is_refused() {
        CreditableInvoice invoice = paid(line("il_1", 1000, 200));

        assertRefused(invoice, List.of(credit("il_1", 0L)), "lines[0].amount_minor");
        assertRefused(invoice, List.of(credit("il_1", -5L)), "lines[0].amount_minor");
    }

    @Test
    void a_line_of_another_invoice_is_refused() {
        assertRefused(paid(line("il_1", 1000, 200)), List.of(credit("il_other", 100L)), "lines[0].invoice_line");
    }

    @Test
    void a_line_named_twice_is_refused() {
        assertRefused(paid(line("il_1", 1000, 200)), List.of(credit("il_1", 100L), credit("il_1", 100L)), "lines[1].invoice_line");
    }

    @Test
    void a_line_without_its_id_is_refused() {
        assertRefused(paid(line("il_1", 1000, 200)), List.of(credit(null, 100L)), "lines[0].invoice_line");
    }

    @Test
    void an_empty_list_of_lines_is_refused() {
        assertRefused(paid(line("il_1", 1000, 200)), List.of(), "lines");
    }

    @Test
    void a_negative_adjustment_line_cannot_be_credited() {
        CreditableInvoice invoice = paid(line("il_1", 1000, 0), line("il_2", -300, 0));

        assertRefused(invoice, List.of(credit("il_2", 100L)), "lines[0].invoice_line");
    }

    @Test
    void an_invoice_with_a_negative_line_is_credited_up_to_its_total_only() {
        // 10.00 billed, 3.00 credited on the invoice itself: 7.00 is all there is to give back.
        CreditableInvoice invoice = paid(line("il_1", 600, 0), line("il_2", 400, 0), line("il_3", -300, 0));

        CreditNoteDraft whole = CreditNoteDraft.of(invoice, null, CreditMethod.CREDIT_BALANCE);

        assertThat(whole.lines()).containsExactly(new CreditedLine("il_1", "Line il_1", 600, 0), new CreditedLine("il_2", "Line il_2", 100, 0));
        assertThat(whole.totalMinor()).isEqualTo(700);
        assertRefused(invoice, List.of(credit("il_1", 600L), credit("il_2", 400L)), "lines");
    }

    @Test
    void drafts_and_void_invoices_cannot_be_credited() {
        for (String status : List.of("draft", "pending_tax", "void")) {
            assertConflict(invoice(status, 1200, 0, 0, 1200, PriorCredits.NONE, line("il_1", 1000, 200)), "invoice_not_finalized");
        }
    }

    @Test
    void an_invoice_credited_in_full_has_nothing_left_to_credit() {
        CreditableLine credited = new CreditableLine("il_1", "Line il_1", 1000, 200, 0, 1200);

        assertConflict(invoice("paid", 1200, 0, 1200, 0, new PriorCredits(1, 1200, 0), credited), "nothing_to_credit");
    }

    @Test
    void uncollectible_invoices_can_be_credited() {
        CreditableInvoice invoice = invoice("uncollectible", 1200, 0, 0, 1200, PriorCredits.NONE, line("il_1", 1000, 200));

        assertThat(CreditNoteDraft.of(invoice, null, CreditMethod.CREDIT_BALANCE).allocation())
                .isEqualTo(new CreditAllocation(1200, 0, 0));
        assertThat(invoice.settledBy(1200)).as("an uncollectible invoice stays uncollectible").isFalse();
    }
}
