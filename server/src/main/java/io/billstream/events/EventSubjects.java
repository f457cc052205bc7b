package io.billstream.events;

/** The resources an event is about, by ID; consumers filter on these. */
public record EventSubjects(String customerId, String subscriptionId, String invoiceId, String paymentId) {

    public static EventSubjects customer(String customerId) {
        return new EventSubjects(customerId, null, null, null);
    }
}
