/**
 * Webhooks: endpoints a tenant registers and the delivery of billing events to them, signed,
 * retried and logged. Kept apart from the event log ({@code io.billstream.events}), which every
 * module writes to: webhooks depend on the log and on notifications, never the other way round.
 */
package io.billstream.webhook;
