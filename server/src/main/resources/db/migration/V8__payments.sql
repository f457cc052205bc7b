-- Payments: attempts to collect finalised invoices through a provider (sandbox, manual, stripe),
-- refunds, the providers' callbacks, payment failures and the tenant's dunning policy.
--
-- A payment row is written (status pending) before the provider is asked, in the transaction that
-- decided to charge: an invoice's auto-collection is written with its finalisation, an API payment
-- before the provider call. A crash between the two leaves a pending row that the submission worker
-- sends again under the same provider idempotency key (the payment ID), so nothing is charged twice
-- and nothing acknowledged is lost.

CREATE TABLE payments (
    id                       text PRIMARY KEY,
    tenant_id                text        NOT NULL REFERENCES tenants (id),
    customer_id              text        NOT NULL REFERENCES customers (id),
    invoice_id               text        NOT NULL REFERENCES invoices (id),
    payment_method_id        text        REFERENCES payment_methods (id),
    provider                 text        NOT NULL,   -- sandbox | manual | stripe
    amount_minor             bigint      NOT NULL CHECK (amount_minor > 0),
    currency                 char(3)     NOT NULL,
    status                   text        NOT NULL,   -- pending | processing | succeeded | failed | canceled
    origin                   text        NOT NULL,   -- api | auto_collection | retry
    provider_transaction_id  text,
    failure_code             text,
    failure_message          text,
    applied_minor            bigint      NOT NULL DEFAULT 0,   -- settled on the invoice
    overpaid_minor           bigint      NOT NULL DEFAULT 0,   -- beyond the amount due: to the credit balance
    refunded_minor           bigint      NOT NULL DEFAULT 0,
    payment_failure_id       text,
    description              text,
    metadata                 jsonb       NOT NULL DEFAULT '{}',
    submit_after             timestamptz,            -- pending: when the worker may (re)send it to the provider
    reconcile_after          timestamptz,            -- processing: when the reconciler asks the provider
                                                     -- (both in billing time: the test clock's for its customers)
    test_clock_id            text,
    created_at               timestamptz NOT NULL,   -- billing time (the test clock's, if any)
    processing_at            timestamptz,
    succeeded_at             timestamptz,
    failed_at                timestamptz,
    canceled_at              timestamptz,
    updated_at               timestamptz NOT NULL,
    CHECK (applied_minor + overpaid_minor <= amount_minor),
    CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor)
);
CREATE INDEX payments_tenant_idx ON payments (tenant_id, id);
CREATE INDEX payments_customer_idx ON payments (tenant_id, customer_id, id);
CREATE INDEX payments_invoice_idx ON payments (tenant_id, invoice_id);
CREATE UNIQUE INDEX payments_provider_transaction_idx ON payments (provider, provider_transaction_id)
    WHERE provider_transaction_id IS NOT NULL;
CREATE INDEX payments_submit_idx ON payments (submit_after) WHERE status = 'pending' AND test_clock_id IS NULL;
CREATE INDEX payments_reconcile_idx ON payments (reconcile_after) WHERE status = 'processing' AND test_clock_id IS NULL;
CREATE INDEX payments_clock_idx ON payments (test_clock_id) WHERE test_clock_id IS NOT NULL AND status IN ('pending', 'processing');

CREATE TABLE refunds (
    id                   text PRIMARY KEY,
    tenant_id            text        NOT NULL REFERENCES tenants (id),
    payment_id           text        NOT NULL REFERENCES payments (id),
    customer_id          text        NOT NULL REFERENCES customers (id),
    invoice_id           text        NOT NULL REFERENCES invoices (id),
    credit_note_id       text        NOT NULL REFERENCES credit_notes (id),
    amount_minor         bigint      NOT NULL CHECK (amount_minor > 0),
    currency             char(3)     NOT NULL,
    status               text        NOT NULL,   -- pending | succeeded | failed
    reason               text,
    provider_refund_id   text,
    failure_code         text,
    failure_message      text,
    test_clock_id        text,
    created_at           timestamptz NOT NULL,
    succeeded_at         timestamptz,
    failed_at            timestamptz,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX refunds_payment_idx ON refunds (tenant_id, payment_id, id);
CREATE INDEX refunds_pending_idx ON refunds (created_at) WHERE status = 'pending';

-- Provider callbacks, raw, as received, once per provider event ID: the audit trail of what the
-- provider told us and what it changed. Written only after the signature was verified.
CREATE TABLE provider_callbacks (
    id                 text PRIMARY KEY,
    tenant_id          text        REFERENCES tenants (id),   -- null: the callback named no payment of ours
    provider           text        NOT NULL,
    provider_event_id  text        NOT NULL,
    event_type         text        NOT NULL,
    payment_id         text,
    refund_id          text,
    outcome            text        NOT NULL,   -- applied | stale | unknown_object | unsupported_type
    headers            jsonb       NOT NULL,
    raw_body           text        NOT NULL,
    received_at        timestamptz NOT NULL,
    UNIQUE (provider, provider_event_id)
);
CREATE INDEX provider_callbacks_tenant_idx ON provider_callbacks (tenant_id, id);

-- The recovery workflow of one invoice whose collection failed.
CREATE TABLE payment_failures (
    id                   text PRIMARY KEY,
    tenant_id            text        NOT NULL REFERENCES tenants (id),
    customer_id          text        NOT NULL REFERENCES customers (id),
    invoice_id           text        NOT NULL REFERENCES invoices (id),
    status               text        NOT NULL,   -- open | recovered | exhausted
    reason_code          text        NOT NULL,
    reason_message       text,
    attempt_count        integer     NOT NULL,
    retries_scheduled    integer     NOT NULL,   -- how many of the policy's retries have been used
    retry_days           integer[]   NOT NULL,   -- the policy in force when the failure began
    last_payment_id      text        NOT NULL REFERENCES payments (id),
    first_failed_at      timestamptz NOT NULL,
    last_failed_at       timestamptz NOT NULL,
    next_retry_at        timestamptz,
    restrict_at          timestamptz,            -- entitlements restricted then (null: policy never restricts)
    restricted_at        timestamptz,
    final_action         text        NOT NULL,   -- cancel | keep: what exhaustion does to the subscriptions
    subscription_ids     text[]      NOT NULL,   -- the invoice's subscriptions, made past_due
    recovered_at         timestamptz,
    recovered_by_payment_id text,
    exhausted_at         timestamptz,
    next_action_at       timestamptz,            -- the earliest of next_retry_at and an unrestricted restrict_at
    test_clock_id        text,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);
CREATE INDEX payment_failures_tenant_idx ON payment_failures (tenant_id, id);
CREATE INDEX payment_failures_customer_idx ON payment_failures (tenant_id, customer_id, id);
CREATE UNIQUE INDEX payment_failures_one_open ON payment_failures (invoice_id) WHERE status = 'open';
CREATE INDEX payment_failures_due_idx ON payment_failures (next_action_at)
    WHERE status = 'open' AND test_clock_id IS NULL AND next_action_at IS NOT NULL;
CREATE INDEX payment_failures_clock_due_idx ON payment_failures (test_clock_id, next_action_at)
    WHERE status = 'open' AND test_clock_id IS NOT NULL;

-- One row per tenant that changed the defaults (3, 5 and 7 days; restrict after 4; cancel).
CREATE TABLE dunning_policies (
    tenant_id            text PRIMARY KEY REFERENCES tenants (id),
    retry_days           integer[]   NOT NULL,   -- days after the first failure, ascending
    restrict_after_days  integer,                -- null: entitlements are never restricted
    final_action         text        NOT NULL,   -- cancel | keep
    updated_at           timestamptz NOT NULL
);

-- Dunning marks: a past-due subscription and its restricted entitlements.
ALTER TABLE subscriptions ADD COLUMN past_due_since timestamptz;
ALTER TABLE subscriptions ADD COLUMN entitlements_restricted_at timestamptz;
ALTER TABLE entitlements ADD COLUMN restricted boolean NOT NULL DEFAULT false;

-- Overpayments reach the credit balance as kind 'overpayment'.

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['payments', 'refunds', 'payment_failures', 'dunning_policies']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
-- A tenant reads its own callbacks; rows naming no tenant are read and written only through the
-- functions below.
ALTER TABLE provider_callbacks ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON provider_callbacks USING (tenant_id = current_tenant_id());

-- Deletes: a test clock's deletion takes its customers' payments, refunds and failures.
GRANT SELECT, INSERT, UPDATE, DELETE ON payments, refunds, payment_failures TO billstream_app;
GRANT SELECT, INSERT, UPDATE ON dunning_policies TO billstream_app;
GRANT SELECT ON provider_callbacks TO billstream_app;

-- A callback names a provider transaction, not a tenant: which tenant's payment is it?
CREATE FUNCTION payment_by_provider_transaction(p_provider text, p_transaction text)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM payments WHERE provider = p_provider AND provider_transaction_id = p_transaction $$;

-- The same question by our own payment ID (carried in the provider's metadata), checked against the
-- provider so a callback cannot claim another provider's payment.
CREATE FUNCTION payment_by_id_for_provider(p_provider text, p_payment text)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM payments WHERE provider = p_provider AND id = p_payment $$;

CREATE FUNCTION refund_by_provider_refund(p_provider text, p_refund text)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT r.tenant_id, r.id FROM refunds r JOIN payments p ON p.id = r.payment_id
      WHERE p.provider = p_provider AND r.provider_refund_id = p_refund $$;

-- Records a verified callback once; false when the provider event ID was seen before.
CREATE FUNCTION record_provider_callback(p_id text, p_tenant text, p_provider text, p_event text, p_type text, p_payment text,
                                         p_refund text, p_outcome text, p_headers jsonb, p_body text, p_received timestamptz)
    RETURNS boolean
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$ WITH inserted AS (
          INSERT INTO provider_callbacks (id, tenant_id, provider, provider_event_id, event_type, payment_id, refund_id, outcome,
                                          headers, raw_body, received_at)
          VALUES (p_id, p_tenant, p_provider, p_event, p_type, p_payment, p_refund, p_outcome, p_headers, p_body, p_received)
          ON CONFLICT (provider, provider_event_id) DO NOTHING
          RETURNING 1)
      SELECT EXISTS (SELECT 1 FROM inserted) $$;

-- The scheduler's questions across tenants.
CREATE FUNCTION due_payment_submissions(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM payments WHERE status = 'pending' AND test_clock_id IS NULL AND submit_after <= p_now
      ORDER BY submit_after LIMIT p_limit $$;

CREATE FUNCTION due_payment_reconciliations(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM payments WHERE status = 'processing' AND test_clock_id IS NULL AND reconcile_after <= p_now
      ORDER BY reconcile_after LIMIT p_limit $$;

CREATE FUNCTION due_payment_failures(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM payment_failures
      WHERE status = 'open' AND test_clock_id IS NULL AND next_action_at <= p_now
      ORDER BY next_action_at LIMIT p_limit $$;

REVOKE ALL ON FUNCTION payment_by_provider_transaction(text, text), payment_by_id_for_provider(text, text),
    refund_by_provider_refund(text, text),
    record_provider_callback(text, text, text, text, text, text, text, text, jsonb, text, timestamptz),
    due_payment_submissions(timestamptz, integer), due_payment_reconciliations(timestamptz, integer),
    due_payment_failures(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION payment_by_provider_transaction(text, text), payment_by_id_for_provider(text, text),
    refund_by_provider_refund(text, text),
    record_provider_callback(text, text, text, text, text, text, text, text, jsonb, text, timestamptz),
    due_payment_submissions(timestamptz, integer), due_payment_reconciliations(timestamptz, integer),
    due_payment_failures(timestamptz, integer) TO billstream_app;
