package io.billstream.webhook.delivery.domain;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypeFilterTest {

    @Test
    void exactTypesMatchOnlyThemselves() {
        EventTypeFilter filter = new EventTypeFilter(List.of("invoice.finalized"));

        assertThat(filter.matches("invoice.finalized")).isTrue();
        assertThat(filter.matches("invoice.paid")).isFalse();
    }

    @Test
    void aPrefixMatchesTheTypesBelowItOnly() {
        EventTypeFilter filter = new EventTypeFilter(List.of("invoice.*"));

        assertThat(filter.matches("invoice.finalized")).isTrue();
        assertThat(filter.matches("invoice.credit_note.issued")).isTrue();
        assertThat(filter.matches("invoices.finalized")).isFalse();
        assertThat(filter.matches("invoice")).isFalse();
    }

    @Test
    void aStarMatchesEverything() {
        assertThat(new EventTypeFilter(List.of("*")).matches("customer.created")).isTrue();
    }

    @Test
    void anEmptyFilterMatchesNothing() {
        assertThat(new EventTypeFilter(List.of()).matches("customer.created")).isFalse();
    }
}
