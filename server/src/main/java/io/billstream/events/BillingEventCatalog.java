package io.billstream.events;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/** Every billing-event type the code writes, as the modules registered them. */
@Component
public class BillingEventCatalog {

    /** External systems' events are stored as {@code external.<their event_type>}: one catalog entry covers them all. */
    static final String EXTERNAL_PREFIX = "external.";
    static final BillingEventType EXTERNAL = new BillingEventType("external.*",
            "An external system recorded an event of its own (POST /v1/billing-events); the part after 'external.' is its event_type",
            ExternalEventObject.class, "external_event");

    private final Map<String, BillingEventType> types;

    BillingEventCatalog(List<BillingEventTypeRegistration> registrations) {
        Map<String, BillingEventType> all = new TreeMap<>();
        all.put(EXTERNAL.name(), EXTERNAL);
        for (BillingEventTypeRegistration registration : registrations) {
            for (BillingEventType type : registration.billingEventTypes()) {
                if (type.name().startsWith(EXTERNAL_PREFIX)) {
                    throw new IllegalStateException("external.* types are recorded by external systems, not registered: " + type.name());
                }
                BillingEventType earlier = all.putIfAbsent(type.name(), type);
                if (earlier != null) {
                    throw new IllegalStateException("Billing event type " + type.name() + " is registered twice (by "
                            + registration.getClass().getName() + " and another registration)");
                }
            }
        }
        this.types = Collections.unmodifiableMap(all);
    }

    /** By name. */
    public Collection<BillingEventType> all() {
        return types.values();
    }

    /** The entry describing {@code type}; an {@code external.<anything>} type is described by {@code external.*}. */
    public Optional<BillingEventType> describe(String type) {
        if (type.startsWith(EXTERNAL_PREFIX) && type.length() > EXTERNAL_PREFIX.length()) {
            return Optional.of(EXTERNAL);
        }
        return Optional.ofNullable(types.get(type));
    }

    /** A type the modules registered: what {@link BillingEventLog#append} accepts (external types have a path of their own). */
    public boolean isRegistered(String type) {
        return !type.equals(EXTERNAL.name()) && types.containsKey(type);
    }
}
