-- Usage metering: the events customers send, what they add up to, and the alerts they raise.

-- Every accepted usage event, kept for good: invoicing aggregates them per billing period, and late
-- ones are corrected rather than lost. The primary key is the exactly-once guarantee: a
-- transaction_id is accepted once per tenant, by whichever request, instance or import commits it
-- first; every other insert of it is a duplicate (ON CONFLICT DO NOTHING).
-- No foreign keys: each would cost an index probe per row on the hottest write path, and every
-- reference is resolved (and locked against nothing) in the same transaction that inserts the rows.
CREATE TABLE usage_events (
    tenant_id           text        NOT NULL,
    transaction_id      text        NOT NULL,
    metric_code         text        NOT NULL,
    customer_id         text        NOT NULL,
    subscription_id     text,                   -- null: the customer had no subscription metering this metric
    occurred_at         timestamptz NOT NULL,
    properties          jsonb       NOT NULL,
    value               numeric,                -- the metric's field_name as a number, when the aggregation needs one
    memo                text,
    source              text        NOT NULL,   -- api | usage | import
    import_id           text,
    received_at         timestamptz NOT NULL,
    invoiced_period_id  text,                   -- set on arrival when its billing period was already invoiced
    PRIMARY KEY (tenant_id, transaction_id)
);
-- The one read index: a customer's (and so each of its subscriptions') events of a metric in time order.
CREATE INDEX usage_events_customer_idx ON usage_events (customer_id, metric_code, occurred_at);
-- Late events waiting for invoicing to correct them: few, so a partial index costs nothing on ingestion.
CREATE INDEX usage_events_late_idx ON usage_events (tenant_id, subscription_id) WHERE invoiced_period_id IS NOT NULL;

-- Subscriptions whose limit entitlements need `used` recomputed, queued by ingestion in the same
-- transaction as the events (so a crash loses no refresh) and drained by the scheduler. Every
-- queueing bumps `version`; the refresh deletes the row only if the version is the one it read
-- before aggregating, so events committed during a refresh always get another one.
CREATE TABLE usage_refresh_queue (
    tenant_id        text        NOT NULL,
    subscription_id  text        NOT NULL,
    metric_code      text        NOT NULL,
    queued_at        timestamptz NOT NULL,
    version          bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (subscription_id, metric_code)
);

-- Alert thresholds (percentages of the limit) copied from the plan's feature with the grant.
ALTER TABLE entitlements ADD COLUMN alert_thresholds numeric[] NOT NULL DEFAULT '{}';
-- Null until `used` has been computed from the events for the current period (a new grant, or a new
-- period of a per-period limit): the scheduler refreshes those too.
ALTER TABLE entitlements ADD COLUMN used_refreshed_at timestamptz;
CREATE INDEX entitlements_unrefreshed_idx ON entitlements (subscription_id)
    WHERE used_refreshed_at IS NULL AND metric_code IS NOT NULL AND feature_type = 'limit';

-- One row per threshold crossed per period: the primary key makes each alert fire once.
-- threshold is a percentage of the limit; 100 is the limit itself (usage.limit_reached).
CREATE TABLE usage_alerts (
    tenant_id        text        NOT NULL,
    subscription_id  text        NOT NULL,
    feature_code     text        NOT NULL,
    period_start     timestamptz NOT NULL,      -- the entitlement's period; the subscription start for reset=never
    threshold        numeric     NOT NULL,
    used             numeric     NOT NULL,
    limit_value      numeric     NOT NULL,
    reached_at       timestamptz NOT NULL,
    PRIMARY KEY (subscription_id, feature_code, period_start, threshold)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['usage_events', 'usage_refresh_queue', 'usage_alerts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
-- UPDATE marks late events corrected (invoicing); DELETE is for test clocks only.
GRANT SELECT, INSERT, UPDATE, DELETE ON usage_events, usage_refresh_queue, usage_alerts TO billstream_app;

-- The scheduler's question across tenants: which subscriptions have usage to fold into entitlements?
CREATE FUNCTION queued_usage_refreshes(p_limit integer)
    RETURNS TABLE (tenant_id text, subscription_id text, metric_code text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ (SELECT tenant_id, subscription_id, metric_code FROM usage_refresh_queue ORDER BY queued_at LIMIT p_limit)
      UNION
      (SELECT tenant_id, subscription_id, metric_code FROM entitlements
       WHERE used_refreshed_at IS NULL AND metric_code IS NOT NULL AND feature_type = 'limit' LIMIT p_limit) $$;
REVOKE ALL ON FUNCTION queued_usage_refreshes(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION queued_usage_refreshes(integer) TO billstream_app;
