package io.billstream.customer.domain;

import java.time.Instant;

import io.billstream.platform.domain.StateConflictException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-02-01T00:00:00Z");
    private static final CustomerDetails DETAILS = new CustomerDetails("ext", "Ada", null, null, null, "USD", null, null, null);

    @Test
    void a_registered_customer_is_active_at_version_1() {
        Customer customer = Customer.register("cus_1", "ten_1", DETAILS, null, T0);

        assertThat(customer.status()).isEqualTo(CustomerStatus.ACTIVE);
        assertThat(customer.version()).isEqualTo(1);
        assertThat(customer.createdAt()).isEqualTo(T0).isEqualTo(customer.updatedAt());
        assertThat(customer.archivedAt()).isNull();
    }

    @Test
    void an_update_replaces_details_and_bumps_version_and_updated_at() {
        Customer customer = Customer.register("cus_1", "ten_1", DETAILS, null, T0);
        CustomerDetails renamed = new CustomerDetails("ext", "Ada L.", null, null, null, "USD", null, null, null);

        Customer updated = customer.update(renamed, T1);

        assertThat(updated.details().name()).isEqualTo("Ada L.");
        assertThat(updated.version()).isEqualTo(2);
        assertThat(updated.updatedAt()).isEqualTo(T1);
        assertThat(updated.createdAt()).isEqualTo(T0);
    }

    @Test
    void archiving_marks_the_time_and_archiving_again_changes_nothing() {
        Customer archived = Customer.register("cus_1", "ten_1", DETAILS, null, T0).archive(T1);

        assertThat(archived.status()).isEqualTo(CustomerStatus.ARCHIVED);
        assertThat(archived.archivedAt()).isEqualTo(T1);
        assertThat(archived.archive(T1.plusSeconds(60))).isSameAs(archived);
    }

    @Test
    void an_archived_customer_refuses_updates() {
        Customer archived = Customer.register("cus_1", "ten_1", DETAILS, null, T0).archive(T1);

        assertThatThrownBy(() -> archived.update(DETAILS, T1))
                .isInstanceOf(StateConflictException.class)
                .extracting("code").isEqualTo("customer_archived");
    }
}
