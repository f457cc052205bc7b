-- Billing-event filters: what an event is about beyond its customer, subscription, invoice and
-- payment, copied out of data.object when the event is appended (BillingEventLog), so that filters
-- are plain indexed columns rather than expressions over jsonb.
--
-- Every filter index is (tenant_id, <filter>, sequence): a list pages by sequence within a tenant,
-- so an index of that shape returns one filter's matches already in page order (no sort, stops at
-- the page size), and the planner can combine two or three of them with a bitmap AND when no single
-- filter is selective enough. Partial indexes skip the many events a filter never matches.

ALTER TABLE billing_events ADD COLUMN amount_minor bigint;
ALTER TABLE billing_events ADD COLUMN currency char(3);
ALTER TABLE billing_events ADD COLUMN provider_transaction_id text;
ALTER TABLE billing_events ADD COLUMN payment_method_type text;
-- Only events recorded by external systems (POST /v1/billing-events) have one; unique per tenant.
ALTER TABLE billing_events ADD COLUMN external_reference text;

CREATE INDEX billing_events_subscription_idx ON billing_events (tenant_id, subscription_id, sequence) WHERE subscription_id IS NOT NULL;
CREATE INDEX billing_events_invoice_idx ON billing_events (tenant_id, invoice_id, sequence) WHERE invoice_id IS NOT NULL;
CREATE INDEX billing_events_payment_idx ON billing_events (tenant_id, payment_id, sequence) WHERE payment_id IS NOT NULL;
CREATE INDEX billing_events_provider_transaction_idx ON billing_events (tenant_id, provider_transaction_id, sequence)
    WHERE provider_transaction_id IS NOT NULL;
CREATE INDEX billing_events_payment_method_type_idx ON billing_events (tenant_id, payment_method_type, sequence)
    WHERE payment_method_type IS NOT NULL;
-- Amount ranges are asked with a currency or without one; amount first serves the range in either case.
CREATE INDEX billing_events_amount_idx ON billing_events (tenant_id, amount_minor, currency, sequence) WHERE amount_minor IS NOT NULL;
-- A type within a time window (payments of a month): the window bounds the scan instead of the
-- sequence order, which would walk back through every event of the type newer than the window. The
-- amount is a key column too, so an amount range is checked in the index, not on fetched rows.
-- Currency alone selects too little to deserve an index of its own: it filters alongside the amount.
CREATE INDEX billing_events_type_occurred_idx ON billing_events (tenant_id, type, occurred_at, amount_minor);
-- A customer's events newest first, with type and time checked in the index: a customer with years of
-- events no longer has every one fetched to find the few of a type and a quarter. Replaces V1's.
DROP INDEX billing_events_customer_idx;
CREATE INDEX billing_events_customer_idx ON billing_events (tenant_id, customer_id, sequence, type, occurred_at)
    WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX billing_events_external_reference_idx ON billing_events (tenant_id, external_reference)
    WHERE external_reference IS NOT NULL;
