-- Catalog (billable metrics, versioned plans), test clocks, payment methods, subscriptions, trials,
-- cancellations, the billing periods and pending items invoicing consumes, entitlement state, and
-- the persistent scheduler's own table.

-- Test clocks: frozen time for the customers created on them.
CREATE TABLE test_clocks (
    id            text PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenants (id),
    name          text,
    frozen_time   timestamptz NOT NULL,
    status        text        NOT NULL,      -- ready | advancing
    advance_to    timestamptz,               -- target while advancing
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX test_clocks_tenant_idx ON test_clocks (tenant_id, id);

ALTER TABLE customers ADD COLUMN test_clock_id text REFERENCES test_clocks (id);
CREATE INDEX customers_test_clock_idx ON customers (test_clock_id) WHERE test_clock_id IS NOT NULL;

-- Payment methods are provider tokens only, never card numbers.
CREATE TABLE payment_methods (
    id              text PRIMARY KEY,
    tenant_id       text        NOT NULL REFERENCES tenants (id),
    customer_id     text        NOT NULL REFERENCES customers (id),
    provider        text        NOT NULL,
    provider_token  text        NOT NULL,
    type            text        NOT NULL,
    label           text,
    is_default      boolean     NOT NULL,
    created_at      timestamptz NOT NULL,
    detached_at     timestamptz
);
CREATE INDEX payment_methods_customer_idx ON payment_methods (tenant_id, customer_id, id);
CREATE UNIQUE INDEX payment_methods_one_default ON payment_methods (customer_id) WHERE is_default AND detached_at IS NULL;

CREATE TABLE billable_metrics (
    id            text PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenants (id),
    code          text        NOT NULL,
    name          text        NOT NULL,
    description   text,
    aggregation   text        NOT NULL,
    field_name    text,
    filters       jsonb       NOT NULL,
    group_by      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    archived_at   timestamptz,
    UNIQUE (tenant_id, code)
);

CREATE TABLE plans (
    id               text PRIMARY KEY,
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    code             text        NOT NULL,
    name             text        NOT NULL,
    description      text,
    current_version  integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    archived_at      timestamptz,
    UNIQUE (tenant_id, code)
);

-- A version's commercial terms. A version that any subscription ever used is never changed: a
-- price change makes the next version.
CREATE TABLE plan_versions (
    id               text PRIMARY KEY,
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    plan_id          text        NOT NULL REFERENCES plans (id),
    version          integer     NOT NULL,
    interval_unit    text        NOT NULL,
    interval_count   integer     NOT NULL,
    currency         char(3)     NOT NULL,
    base_fee_minor   bigint      NOT NULL CHECK (base_fee_minor >= 0),
    fee_timing       text        NOT NULL,
    trial_days       integer     NOT NULL CHECK (trial_days >= 0),
    charges          jsonb       NOT NULL,
    recurring_items  jsonb       NOT NULL,
    one_time_items   jsonb       NOT NULL,
    features         jsonb       NOT NULL,
    in_use           boolean     NOT NULL DEFAULT false,   -- set when the first subscription uses it
    created_at       timestamptz NOT NULL,
    UNIQUE (plan_id, version)
);

CREATE TABLE subscriptions (
    id                    text PRIMARY KEY,
    tenant_id             text        NOT NULL REFERENCES tenants (id),
    customer_id           text        NOT NULL REFERENCES customers (id),
    external_id           text,
    plan_id               text        NOT NULL REFERENCES plans (id),
    plan_version_id       text        NOT NULL REFERENCES plan_versions (id),
    status                text        NOT NULL,
    billing_anchor        text        NOT NULL,
    currency              char(3)     NOT NULL,
    timezone              text        NOT NULL,   -- the customer's zone when subscribed; periods stay on it
    start_at              timestamptz NOT NULL,
    trial_id              text,
    trial_end             timestamptz,
    trial_will_end_sent   boolean     NOT NULL DEFAULT false,
    cycle_start           timestamptz,
    current_period_start  timestamptz,
    current_period_end    timestamptz,
    quantities            jsonb       NOT NULL,
    pending_change        jsonb,
    cancellation_id       text,
    activated_at          timestamptz,
    canceled_at           timestamptz,
    ended_at              timestamptz,
    ended_reason          text,
    next_action_at        timestamptz,
    test_clock_id         text REFERENCES test_clocks (id),
    metadata              jsonb       NOT NULL,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    version               bigint      NOT NULL,
    UNIQUE (tenant_id, external_id)
);
CREATE INDEX subscriptions_tenant_idx ON subscriptions (tenant_id, id);
CREATE INDEX subscriptions_customer_idx ON subscriptions (tenant_id, customer_id);
CREATE INDEX subscriptions_plan_version_idx ON subscriptions (plan_version_id);
-- The scheduler's one question: which real-time subscriptions have a transition due?
CREATE INDEX subscriptions_due_idx ON subscriptions (next_action_at) WHERE test_clock_id IS NULL AND next_action_at IS NOT NULL;
CREATE INDEX subscriptions_clock_due_idx ON subscriptions (test_clock_id, next_action_at) WHERE test_clock_id IS NOT NULL;

CREATE TABLE trials (
    id                         text PRIMARY KEY,
    tenant_id                  text        NOT NULL REFERENCES tenants (id),
    subscription_id            text        NOT NULL REFERENCES subscriptions (id),
    customer_id                text        NOT NULL REFERENCES customers (id),
    status                     text        NOT NULL,   -- active | converted | expired | canceled
    starts_at                  timestamptz NOT NULL,
    ends_at                    timestamptz NOT NULL,
    on_missing_payment_method  text        NOT NULL,   -- expire | convert
    ended_at                   timestamptz,
    created_at                 timestamptz NOT NULL
);
CREATE INDEX trials_tenant_idx ON trials (tenant_id, id);

CREATE TABLE cancellations (
    id                  text PRIMARY KEY,
    tenant_id           text        NOT NULL REFERENCES tenants (id),
    subscription_id     text        NOT NULL REFERENCES subscriptions (id),
    customer_id         text        NOT NULL REFERENCES customers (id),
    timing              text        NOT NULL,   -- immediately | period_end
    proration_behavior  text        NOT NULL,
    status              text        NOT NULL,   -- scheduled | revoked | effective
    reason              text,
    effective_at        timestamptz NOT NULL,
    credit_minor        bigint      NOT NULL DEFAULT 0,
    currency            char(3)     NOT NULL,
    requested_at        timestamptz NOT NULL,
    revoked_at          timestamptz,
    created_at          timestamptz NOT NULL
);
CREATE INDEX cancellations_subscription_idx ON cancellations (tenant_id, subscription_id);

-- What invoicing needs, one row per stretch of a subscription on one plan version: opened when a
-- paid period starts (or a mid-period change starts a new stretch), closed when it ends.
CREATE TABLE billing_periods (
    id                  text PRIMARY KEY,
    tenant_id           text        NOT NULL REFERENCES tenants (id),
    customer_id         text        NOT NULL REFERENCES customers (id),
    subscription_id     text        NOT NULL REFERENCES subscriptions (id),
    plan_version_id     text        NOT NULL REFERENCES plan_versions (id),
    currency            char(3)     NOT NULL,
    period_start        timestamptz NOT NULL,
    period_end          timestamptz NOT NULL,   -- planned end (exclusive)
    full_period_start   timestamptz NOT NULL,   -- the whole period a stub or a stretch belongs to
    full_period_end     timestamptz NOT NULL,
    quantities          jsonb       NOT NULL,
    opened_reason       text        NOT NULL,   -- activation | renewal | plan_change | quantity_change
    advance_fees_billable boolean   NOT NULL,   -- false when a mid-period stretch's fees were prorated instead
    status              text        NOT NULL,   -- open | closed
    ended_at            timestamptz,            -- actual end; earlier than period_end when cut short
    closed_reason       text,                   -- renewal | plan_change | quantity_change | termination
    invoice_id          text,
    created_at          timestamptz NOT NULL,
    closed_at           timestamptz
);
-- At most one open stretch per subscription: opening a second one is a bug, not a race to win.
CREATE UNIQUE INDEX billing_periods_one_open ON billing_periods (subscription_id) WHERE status = 'open';
CREATE INDEX billing_periods_subscription_idx ON billing_periods (tenant_id, subscription_id, period_start);

-- Charges and credits made between invoices (prorations, one-time items), for the next invoice.
CREATE TABLE pending_invoice_items (
    id                  text PRIMARY KEY,
    tenant_id           text        NOT NULL REFERENCES tenants (id),
    customer_id         text        NOT NULL REFERENCES customers (id),
    subscription_id     text        REFERENCES subscriptions (id),
    kind                text        NOT NULL,   -- proration | one_time
    description         text        NOT NULL,
    quantity            numeric     NOT NULL,
    unit_price          numeric     NOT NULL,
    amount_minor        bigint      NOT NULL,   -- rounded once; negative for credits
    currency            char(3)     NOT NULL,
    service_start       timestamptz,
    service_end         timestamptz,
    source_id           text,                   -- the cancellation or change that made it
    invoice_id          text,
    created_at          timestamptz NOT NULL
);
CREATE INDEX pending_invoice_items_customer_idx ON pending_invoice_items (tenant_id, customer_id) WHERE invoice_id IS NULL;
CREATE INDEX pending_invoice_items_subscription_idx ON pending_invoice_items (tenant_id, subscription_id);

-- Entitlement state, kept current on every subscription change: the hot read path reads one row
-- per feature and never the catalog.
CREATE TABLE entitlements (
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    subscription_id  text        NOT NULL REFERENCES subscriptions (id),
    customer_id      text        NOT NULL REFERENCES customers (id),
    feature_code     text        NOT NULL,
    feature_type     text        NOT NULL,   -- boolean | limit
    enabled          boolean     NOT NULL,
    limit_value      numeric,
    reset            text        NOT NULL,   -- never | period
    metric_code      text,
    used             numeric     NOT NULL DEFAULT 0,
    period_start     timestamptz,
    resets_at        timestamptz,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, feature_code)
);
CREATE INDEX entitlements_customer_idx ON entitlements (tenant_id, customer_id, feature_code);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['test_clocks', 'payment_methods', 'billable_metrics', 'plans', 'plan_versions',
                             'subscriptions', 'trials', 'cancellations', 'billing_periods', 'pending_invoice_items',
                             'entitlements']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON billable_metrics, plans, plan_versions TO billstream_app;
-- Deleting a test clock deletes its customers' data.
GRANT SELECT, INSERT, UPDATE, DELETE ON test_clocks, payment_methods, subscriptions, trials, cancellations,
    billing_periods, pending_invoice_items, entitlements TO billstream_app;
GRANT DELETE ON customers TO billstream_app;

-- The persistent scheduler (db-scheduler). Not tenant data: each task names its tenant.
CREATE TABLE scheduled_tasks (
    task_name             text        NOT NULL,
    task_instance         text        NOT NULL,
    task_data             bytea,
    execution_time        timestamptz NOT NULL,
    picked                boolean     NOT NULL,
    picked_by             text,
    last_success          timestamptz,
    last_failure          timestamptz,
    consecutive_failures  integer,
    last_heartbeat        timestamptz,
    version               bigint      NOT NULL,
    priority              smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
GRANT SELECT, INSERT, UPDATE, DELETE ON scheduled_tasks TO billstream_app;

-- The scheduler looks across tenants for due work; these return (tenant, id) pairs only.
CREATE FUNCTION due_subscriptions(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM subscriptions
      WHERE test_clock_id IS NULL AND next_action_at <= p_now ORDER BY next_action_at LIMIT p_limit $$;

CREATE FUNCTION advancing_test_clocks()
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM test_clocks WHERE status = 'advancing' ORDER BY updated_at $$;

REVOKE ALL ON FUNCTION due_subscriptions(timestamptz, integer), advancing_test_clocks() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_subscriptions(timestamptz, integer), advancing_test_clocks() TO billstream_app;
