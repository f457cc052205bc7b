package io.billstream.events;

/** The resources an event is about, by ID; consumers filter on these. */
public record EventSubjects(String customerId, String subscriptionId, String invoiceId, String paymentId) {

    /** Catalog events concern no single customer. */
    public static EventSubjects none() {
        return new EventSubjects(null, null, null, null);
    }

    public static EventSubjects subscription(String customerId, String subscriptionId) {
        return new EventSubjects(customerId, subscriptionId, null, null);
    }

    public static EventSubjects customer(String customerId) {
        return new EventSubjects(customerId, null, null, null);
    }
}
