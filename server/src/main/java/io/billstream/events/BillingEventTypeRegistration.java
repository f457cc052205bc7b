package io.billstream.events;

import java.util.List;

/**
 * A module's share of the billing-event catalog. Every module that appends events declares their
 * types in one small {@code @Component} implementing this interface (e.g.
 * {@code io.billstream.payment.application.PaymentEventTypes}); the events module cannot list them
 * itself because every module depends on it, never the other way round.
 *
 * <p>To add an event type: add a {@link BillingEventType} (name, one-sentence description, the class
 * of its {@code data.object}) to your module's registration, then regenerate
 * {@code docs/billing-event-types.md} (see {@code BillingEventTypesPageTest}). {@link BillingEventLog#append}
 * refuses a type that is not registered, so an unregistered type fails the first test that writes it.
 */
public interface BillingEventTypeRegistration {

    List<BillingEventType> billingEventTypes();
}
