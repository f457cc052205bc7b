package io.billstream.events;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BillingEventCatalogTest {

    record Thing(String id) {
    }

    private static BillingEventTypeRegistration registering(String... names) {
        return () -> java.util.Arrays.stream(names).map(n -> new BillingEventType(n, "When " + n, Thing.class)).toList();
    }

    @Test
    void registeredTypesAreKnownAndOthersAreNot() {
        var catalog = new BillingEventCatalog(List.of(registering("thing.created"), registering("thing.deleted")));
        assertThat(catalog.isRegistered("thing.created")).isTrue();
        assertThat(catalog.isRegistered("thing.exploded")).isFalse();
        // External events have their own path into the log: append() cannot write them.
        assertThat(catalog.isRegistered("external.*")).isFalse();
        assertThat(catalog.describe("external.order.paid")).contains(BillingEventCatalog.EXTERNAL);
        assertThat(catalog.all()).extracting(BillingEventType::name).containsExactly("external.*", "thing.created", "thing.deleted");
    }

    @Test
    void aTypeRegisteredTwiceOrInTheExternalNamespaceIsRefused() {
        assertThatThrownBy(() -> new BillingEventCatalog(List.of(registering("thing.created"), registering("thing.created"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("thing.created");
        assertThatThrownBy(() -> new BillingEventCatalog(List.of(registering("external.thing"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void namesAreResourceDotAction() {
        assertThatThrownBy(() -> new BillingEventType("ThingCreated", "x", Thing.class)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BillingEventType("payment_method.attached", "x", Thing.class).objectName()).isEqualTo("thing");
    }
}
