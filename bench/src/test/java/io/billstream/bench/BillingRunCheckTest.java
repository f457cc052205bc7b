package io.billstream.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillingRunCheckTest {

    private static final Instant FEB_1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final List<BillingRunPlan.Line> LINES = BillingRunPlan.periodEndLines(10);

    @Test
    void one_finalised_invoice_per_subscription_with_the_expected_lines_is_right() {
        // given
        BillingRunCheck check = new BillingRunCheck(FEB_1, 100, 100, 100, 100, 100, 3034,
                Map.of("usage|api_calls|105", 100L, "usage|storage_gb|29", 100L, "base_fee||2900", 100L), 200);

        // expect
        assertThat(check.problems(100, LINES, 200)).isEmpty();
    }

    @Test
    void a_missing_invoice_a_wrong_line_and_an_extra_invoice_in_the_tenant_are_each_reported() {
        // given: 99 invoices, one customer's storage line at 28 cents, and a stray invoice
        BillingRunCheck check = new BillingRunCheck(FEB_1, 99, 99, 99, 99, 98, 3034,
                Map.of("usage|api_calls|105", 99L, "usage|storage_gb|29", 98L, "usage|storage_gb|28", 1L, "base_fee||2900", 99L), 201);

        // when
        List<String> problems = check.problems(100, LINES, 200);

        // then
        assertThat(problems).hasSize(7);
        assertThat(problems.getFirst()).isEqualTo("99 invoices for billing date 2026-02-01T00:00:00Z, expected 100");
        assertThat(problems).anyMatch(p -> p.startsWith("98 invoices with total and amount due 3034"));
        assertThat(problems).anyMatch(p -> p.startsWith("invoice lines") && p.contains("usage|storage_gb|28=1"));
        assertThat(problems).contains("201 invoices in the tenant, expected 200");
    }

    @Test
    void drafts_left_unfinalised_are_reported() {
        // given
        BillingRunCheck check = new BillingRunCheck(FEB_1, 100, 100, 0, 0, 100, 3034,
                Map.of("usage|api_calls|105", 100L, "usage|storage_gb|29", 100L, "base_fee||2900", 100L), 200);

        // expect
        assertThat(check.problems(100, LINES, 200)).containsExactly("0 of the invoices finalised with a number, expected 100",
                "0 distinct invoice numbers, expected 100");
    }
}
