-- Compliance: a tamper-evident audit log, retention policies, erasure of a customer's personal data.
-- docs/compliance.md describes the hash chain byte for byte.

------------------------------------------------------------------------------------------------------
-- Audit hash chain
--
-- Each tenant's audit rows form a chain: position 1, 2, 3, ... and
--     hash = sha256(previous row's hash (32 zero bytes before position 1) || canonical bytes of the row)
-- The row's changes enter the chain through changes_digest = sha256(changes::text), so an erasure can
-- redact the changes of a row (changes = '{}', redacted_at set) without breaking the chain.
-- tenant_audit_heads holds each tenant's last position and hash. Appending locks that row until the
-- transaction ends (like tenant_event_sequences), so concurrent writers of one tenant chain in
-- commit order and never fork the chain.
------------------------------------------------------------------------------------------------------

ALTER TABLE audit_logs ADD COLUMN position bigint;
ALTER TABLE audit_logs ADD COLUMN changes_digest bytea;
ALTER TABLE audit_logs ADD COLUMN hash bytea;
ALTER TABLE audit_logs ADD COLUMN redacted_at timestamptz;

CREATE TABLE tenant_audit_heads (
    tenant_id      text   PRIMARY KEY REFERENCES tenants (id),
    last_position  bigint NOT NULL,
    last_hash      bytea  NOT NULL
);

-- One field of the canonical form: '~;' for null, else '<UTF-8 byte length>:<value>;' (unambiguous
-- whatever the value contains).
CREATE FUNCTION audit_field(p_value text) RETURNS text
    LANGUAGE sql IMMUTABLE
AS $$ SELECT CASE WHEN p_value IS NULL THEN '~;'
                  ELSE octet_length(convert_to(p_value, 'UTF8'))::text || ':' || p_value || ';' END $$;

CREATE FUNCTION audit_row_hash(p_previous bytea, p_tenant text, p_position bigint, p_id text, p_occurred_at timestamptz,
                               p_actor_type text, p_actor_id text, p_action text, p_resource_type text,
                               p_resource_id text, p_request_id text, p_changes_digest bytea) RETURNS bytea
    LANGUAGE sql IMMUTABLE
AS $$
    SELECT sha256(p_previous || convert_to(
        audit_field('billstream-audit-v1') || audit_field(p_tenant) || audit_field(p_position::text) || audit_field(p_id)
        || audit_field((extract(epoch FROM p_occurred_at) * 1000000)::bigint::text)
        || audit_field(p_actor_type) || audit_field(p_actor_id) || audit_field(p_action) || audit_field(p_resource_type)
        || audit_field(p_resource_id) || audit_field(p_request_id) || audit_field(encode(p_changes_digest, 'hex')),
        'UTF8'))
$$;

-- Appends one audit row to the current tenant's chain. Runs as the caller (row-level security applies).
CREATE FUNCTION append_audit_log(p_id text, p_tenant text, p_occurred_at timestamptz, p_actor_type text, p_actor_id text,
                                 p_action text, p_resource_type text, p_resource_id text, p_request_id text,
                                 p_changes jsonb) RETURNS bigint
    LANGUAGE plpgsql
AS $$
DECLARE
    v_position bigint;
    v_previous bytea;
    v_digest   bytea := sha256(convert_to(p_changes::text, 'UTF8'));
    v_hash     bytea;
BEGIN
    INSERT INTO tenant_audit_heads (tenant_id, last_position, last_hash)
    VALUES (p_tenant, 0, '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea)
    ON CONFLICT (tenant_id) DO NOTHING;
    SELECT last_position, last_hash INTO v_position, v_previous
    FROM tenant_audit_heads WHERE tenant_id = p_tenant FOR UPDATE;
    v_position := v_position + 1;
    v_hash := audit_row_hash(v_previous, p_tenant, v_position, p_id, p_occurred_at, p_actor_type, p_actor_id, p_action,
                             p_resource_type, p_resource_id, p_request_id, v_digest);
    INSERT INTO audit_logs (id, tenant_id, occurred_at, actor_type, actor_id, action, resource_type, resource_id,
                            request_id, changes, position, changes_digest, hash)
    VALUES (p_id, p_tenant, p_occurred_at, p_actor_type, p_actor_id, p_action, p_resource_type, p_resource_id,
            p_request_id, p_changes, v_position, v_digest, v_hash);
    UPDATE tenant_audit_heads SET last_position = v_position, last_hash = v_hash WHERE tenant_id = p_tenant;
    RETURN v_position;
END
$$;

-- Rows written before this migration join the chain here, in the order they were written
-- (occurred_at, then ID), so every row of every tenant is covered from position 1.
ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_append_only;
DO $$
DECLARE
    r          record;
    v_tenant   text := NULL;
    v_position bigint;
    v_previous bytea;
    v_digest   bytea;
BEGIN
    FOR r IN SELECT * FROM audit_logs ORDER BY tenant_id, occurred_at, id LOOP
        IF v_tenant IS DISTINCT FROM r.tenant_id THEN
            IF v_tenant IS NOT NULL THEN
                INSERT INTO tenant_audit_heads VALUES (v_tenant, v_position, v_previous);
            END IF;
            v_tenant := r.tenant_id;
            v_position := 0;
            v_previous := '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
        END IF;
        v_position := v_position + 1;
        v_digest := sha256(convert_to(r.changes::text, 'UTF8'));
        v_previous := audit_row_hash(v_previous, r.tenant_id, v_position, r.id, r.occurred_at, r.actor_type, r.actor_id,
                                     r.action, r.resource_type, r.resource_id, r.request_id, v_digest);
        UPDATE audit_logs SET position = v_position, changes_digest = v_digest, hash = v_previous WHERE id = r.id;
    END LOOP;
    IF v_tenant IS NOT NULL THEN
        INSERT INTO tenant_audit_heads VALUES (v_tenant, v_position, v_previous);
    END IF;
END
$$;
ALTER TABLE audit_logs ENABLE TRIGGER audit_logs_append_only;

ALTER TABLE audit_logs ALTER COLUMN position SET NOT NULL;
ALTER TABLE audit_logs ALTER COLUMN changes_digest SET NOT NULL;
ALTER TABLE audit_logs ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_logs_position_idx ON audit_logs (tenant_id, position);

ALTER TABLE tenant_audit_heads ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_audit_heads USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON tenant_audit_heads TO billstream_app;

-- Still append-only for everyone, owner included, with one exception: the erasure function below
-- (a definer function, so the only code holding UPDATE on audit_logs) may redact changes. The
-- setting alone grants nothing: billstream_app has no UPDATE privilege on audit_logs.
CREATE OR REPLACE FUNCTION refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('billstream.audit_redaction', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;

------------------------------------------------------------------------------------------------------
-- Retention policies
------------------------------------------------------------------------------------------------------

-- Days to keep each kind of record; null keeps it for ever (the default: no row at all).
CREATE TABLE retention_policies (
    tenant_id                text        PRIMARY KEY REFERENCES tenants (id),
    usage_events_days        integer     CHECK (usage_events_days >= 1),
    billing_events_days      integer     CHECK (billing_events_days >= 1),
    webhook_deliveries_days  integer     CHECK (webhook_deliveries_days >= 1),
    next_purge_at            timestamptz,             -- null: nothing to purge (every period null)
    last_purged_at           timestamptz,
    updated_at               timestamptz NOT NULL
);
CREATE INDEX retention_policies_due_idx ON retention_policies (next_purge_at) WHERE next_purge_at IS NOT NULL;
ALTER TABLE retention_policies ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON retention_policies USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE ON retention_policies TO billstream_app;

-- The scheduler's question across tenants: whose purge is due? The purge functions below act on
-- the current tenant only (the scheduler enters each due tenant), whichever tenant they are given.
CREATE FUNCTION due_retention_purges(p_now timestamptz, p_limit integer) RETURNS SETOF text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id FROM retention_policies WHERE next_purge_at <= p_now ORDER BY next_purge_at LIMIT p_limit $$;

-- Usage events older than p_before, except what invoicing still needs: events marked as late for a
-- period already invoiced (waiting to be repriced), and events of a subscription whose period
-- containing them has not been billed on an issued (non-draft) invoice yet. Events recorded without a
-- subscription are never billed, so age alone decides for them.
CREATE FUNCTION purge_usage_events(p_tenant text, p_before timestamptz, p_limit integer) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    WITH doomed AS (
        SELECT e.tenant_id, e.transaction_id FROM usage_events e
        WHERE e.tenant_id = p_tenant AND p_tenant = current_tenant_id() AND e.occurred_at < p_before
          AND e.invoiced_period_id IS NULL
          AND (e.subscription_id IS NULL OR EXISTS (
                SELECT 1 FROM billing_periods bp JOIN invoices i ON i.id = bp.invoice_id
                WHERE bp.tenant_id = p_tenant AND bp.subscription_id = e.subscription_id
                  AND bp.period_start <= e.occurred_at AND e.occurred_at < coalesce(bp.ended_at, bp.period_end)
                  AND bp.arrears_billed_at IS NOT NULL AND i.status NOT IN ('draft', 'pending_tax')))
        LIMIT p_limit
    ), gone AS (
        DELETE FROM usage_events u USING doomed d
        WHERE u.tenant_id = d.tenant_id AND u.transaction_id = d.transaction_id RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

-- Billing events older than p_before, except those not yet fanned out to every webhook endpoint
-- that still delivers (enabled, or disabled only for failing and so expected back) and those with
-- a delivery still pending.
CREATE FUNCTION purge_billing_events(p_tenant text, p_before timestamptz, p_limit integer) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    WITH fanned_out AS (
        SELECT coalesce(min(dispatched_through_sequence), 9223372036854775807) AS through FROM webhook_endpoints
        WHERE tenant_id = p_tenant AND (enabled OR disabled_reason = 'failing')
    ), doomed AS (
        SELECT e.sequence FROM billing_events e, fanned_out f
        WHERE e.tenant_id = p_tenant AND p_tenant = current_tenant_id() AND e.occurred_at < p_before AND e.sequence <= f.through
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                          WHERE d.tenant_id = p_tenant AND d.event_id = e.id AND d.status = 'pending')
        ORDER BY e.sequence
        LIMIT p_limit
    ), gone AS (
        DELETE FROM billing_events e USING doomed d WHERE e.tenant_id = p_tenant AND e.sequence = d.sequence RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

-- Finished webhook deliveries (and, by cascade, their attempts) last touched before p_before.
CREATE FUNCTION purge_webhook_deliveries(p_tenant text, p_before timestamptz, p_limit integer) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
    WITH doomed AS (
        SELECT id FROM webhook_deliveries
        WHERE tenant_id = p_tenant AND p_tenant = current_tenant_id() AND status <> 'pending'
          AND coalesce(delivered_at, last_attempt_at, created_at) < p_before
        LIMIT p_limit
    ), gone AS (
        DELETE FROM webhook_deliveries w USING doomed d WHERE w.id = d.id RETURNING 1
    )
    SELECT count(*) FROM gone
$$;

------------------------------------------------------------------------------------------------------
-- Erasure of a customer's personal data
------------------------------------------------------------------------------------------------------

ALTER TABLE customers ADD COLUMN erased_at timestamptz;

-- Replaces every occurrence of the secrets inside the JSON document's strings (keys included) with
-- '[erased]'. Secrets shorter than 3 characters only replace whole strings, never substrings.
CREATE FUNCTION scrub_text(p_text text, p_secrets text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    v_secret text;
    v_result text := p_text;
BEGIN
    IF p_text IS NULL THEN
        RETURN NULL;
    END IF;
    FOREACH v_secret IN ARRAY p_secrets LOOP
        IF v_result = v_secret THEN
            RETURN '[erased]';
        ELSIF length(v_secret) >= 3 THEN
            v_result := replace(v_result, v_secret, '[erased]');
        END IF;
    END LOOP;
    RETURN v_result;
END
$$;

CREATE FUNCTION scrub_jsonb(p_doc jsonb, p_secrets text[]) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
AS $$
DECLARE
    v_result jsonb;
BEGIN
    CASE jsonb_typeof(p_doc)
        WHEN 'object' THEN
            SELECT coalesce(jsonb_object_agg(scrub_text(key, p_secrets), scrub_jsonb(value, p_secrets)), '{}'::jsonb)
            INTO v_result FROM jsonb_each(p_doc);
            RETURN v_result;
        WHEN 'array' THEN
            SELECT coalesce(jsonb_agg(scrub_jsonb(value, p_secrets) ORDER BY n), '[]'::jsonb)
            INTO v_result FROM jsonb_array_elements(p_doc) WITH ORDINALITY AS a (value, n);
            RETURN v_result;
        WHEN 'string' THEN
            RETURN to_jsonb(scrub_text(p_doc #>> '{}', p_secrets));
        ELSE
            RETURN p_doc;
    END CASE;
END
$$;

-- Anonymises the copies of a customer's personal data outside the customer row, which the customer
-- module erases itself:
--   billing events: the customer's own snapshots get p_erased_fields (its API fields after erasure),
--     in data.object and data.previous_attributes; then every remaining occurrence of a secret in
--     the payloads of the customer's events is replaced;
--   notifications to the customer (or its address): recipient, subject and bodies scrubbed, the
--     attached copies of documents deleted, anything not yet sent suppressed;
--   issued invoices: the frozen buyer keeps name, address and tax IDs, which the law requires on an
--     invoice, and loses its e-mail address and external_id, which it does not;
--   audit rows about the customer, or whose changes contain a secret: changes redacted.
-- Returns the number of rows changed per kind.
CREATE FUNCTION erase_customer_copies(p_tenant text, p_customer text, p_email text, p_secrets text[],
                                      p_erased_fields jsonb, p_now timestamptz)
    RETURNS TABLE (billing_events bigint, notifications bigint, invoices bigint, audit_logs bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
DECLARE
    v_events bigint;
    v_notifications bigint;
    v_invoices bigint;
    v_audit bigint;
    -- Longest first, so that 'Ana Lima' goes whole before 'Ana' would split it.
    v_secrets text[] := array(SELECT s FROM (SELECT DISTINCT s FROM unnest(p_secrets) s WHERE s IS NOT NULL AND s <> '') d
                              ORDER BY length(s) DESC, s);
BEGIN
    IF p_tenant IS DISTINCT FROM current_tenant_id() THEN
        RAISE EXCEPTION 'erase_customer_copies runs for the current tenant only' USING ERRCODE = 'insufficient_privilege';
    END IF;
    WITH own AS (
        SELECT e.tenant_id, e.sequence,
               CASE WHEN e.data -> 'object' ->> 'object' = 'customer' AND e.data -> 'object' ->> 'id' = p_customer
                    THEN jsonb_set(e.data, '{object}', (e.data -> 'object') || p_erased_fields)
                    ELSE e.data END AS data
        FROM billing_events e WHERE e.tenant_id = p_tenant AND e.customer_id = p_customer
    ), own_previous AS (
        SELECT o.tenant_id, o.sequence,
               CASE WHEN jsonb_typeof(o.data -> 'previous_attributes') = 'object' AND o.data -> 'object' ->> 'id' = p_customer
                    THEN jsonb_set(o.data, '{previous_attributes}', (o.data -> 'previous_attributes')
                         || (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb) FROM jsonb_each(p_erased_fields)
                             WHERE (o.data -> 'previous_attributes') ? key))
                    ELSE o.data END AS data
        FROM own o
    ), changed AS (
        UPDATE billing_events e SET data = scrub_jsonb(p.data, v_secrets)
        FROM own_previous p WHERE e.tenant_id = p.tenant_id AND e.sequence = p.sequence
          AND e.data IS DISTINCT FROM scrub_jsonb(p.data, v_secrets)
        RETURNING 1
    )
    SELECT count(*) INTO v_events FROM changed;

    DELETE FROM notification_attachments a USING notifications n
    WHERE a.notification_id = n.id AND n.tenant_id = p_tenant
      AND (n.customer_id = p_customer OR (p_email IS NOT NULL AND lower(n.recipient) = lower(p_email)));
    WITH changed AS (
        UPDATE notifications n SET recipient = 'erased@erased.invalid',
            subject = scrub_text(n.subject, v_secrets), text_body = scrub_text(n.text_body, v_secrets),
            html_body = scrub_text(n.html_body, v_secrets),
            status = CASE WHEN n.status IN ('queued', 'sending') THEN 'suppressed' ELSE n.status END,
            last_error = CASE WHEN n.status IN ('queued', 'sending') THEN 'customer erased' ELSE n.last_error END,
            next_attempt_at = CASE WHEN n.status IN ('queued', 'sending') THEN NULL ELSE n.next_attempt_at END,
            updated_at = p_now
        WHERE n.tenant_id = p_tenant
          AND (n.customer_id = p_customer OR (p_email IS NOT NULL AND lower(n.recipient) = lower(p_email)))
        RETURNING 1
    )
    SELECT count(*) INTO v_notifications FROM changed;

    WITH changed AS (
        UPDATE invoices SET customer_snapshot = customer_snapshot || '{"email": null, "external_id": null}'::jsonb
        WHERE tenant_id = p_tenant AND customer_id = p_customer AND customer_snapshot IS NOT NULL
          AND (customer_snapshot ->> 'email' IS NOT NULL OR customer_snapshot ->> 'external_id' IS NOT NULL)
        RETURNING 1
    )
    SELECT count(*) INTO v_invoices FROM changed;

    PERFORM set_config('billstream.audit_redaction', 'on', true);
    WITH changed AS (
        UPDATE audit_logs SET changes = '{}'::jsonb, redacted_at = p_now
        WHERE tenant_id = p_tenant AND redacted_at IS NULL
          AND (resource_id = p_customer OR changes IS DISTINCT FROM scrub_jsonb(changes, v_secrets))
        RETURNING 1
    )
    SELECT count(*) INTO v_audit FROM changed;
    PERFORM set_config('billstream.audit_redaction', 'off', true);

    RETURN QUERY SELECT v_events, v_notifications, v_invoices, v_audit;
END
$$;

REVOKE ALL ON FUNCTION due_retention_purges(timestamptz, integer), purge_usage_events(text, timestamptz, integer),
    purge_billing_events(text, timestamptz, integer), purge_webhook_deliveries(text, timestamptz, integer),
    erase_customer_copies(text, text, text, text[], jsonb, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_retention_purges(timestamptz, integer), purge_usage_events(text, timestamptz, integer),
    purge_billing_events(text, timestamptz, integer), purge_webhook_deliveries(text, timestamptz, integer),
    erase_customer_copies(text, text, text, text[], jsonb, timestamptz) TO billstream_app;
