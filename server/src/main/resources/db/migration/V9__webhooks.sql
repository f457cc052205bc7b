-- Webhooks: endpoints a tenant registers, and the deliveries of billing events to them.
--
-- Deliveries are driven from the billing-event log (the outbox), never from memory. Each endpoint
-- keeps the sequence up to which the tenant's log has been fanned out to it: the dispatcher reads
-- the events after that position that match the endpoint's filter, writes one delivery row each
-- and moves the position, in one transaction. Sequences are handed out in commit order per tenant,
-- so no event is skipped and none is fanned out twice, whichever instance does it.

CREATE TABLE webhook_endpoints (
    id                            text PRIMARY KEY,
    tenant_id                     text        NOT NULL REFERENCES tenants (id),
    url                           text        NOT NULL,
    description                   text,
    event_types                   text[]      NOT NULL,   -- exact types, prefixes 'invoice.*', or '*'
    enabled                       boolean     NOT NULL DEFAULT true,
    format                        text        NOT NULL CHECK (format IN ('json', 'xml')),
    field_mapping                 jsonb,                  -- null: the event as the API shows it
    verify_tls                    boolean     NOT NULL DEFAULT true,
    development                   boolean     NOT NULL DEFAULT false,   -- may skip TLS verification
    ordered                       boolean     NOT NULL DEFAULT false,   -- strictly one event after another
    api_version                   text        NOT NULL,
    secret_ciphertext             text        NOT NULL,   -- whsec_..., AES-GCM (platform.crypto)
    previous_secret_ciphertext    text,                   -- still signs until previous_secret_expires_at
    previous_secret_expires_at    timestamptz,
    dispatched_through_sequence   bigint      NOT NULL,   -- events up to here were fanned out
    disabled_reason               text,                   -- null | manual | gone (HTTP 410) | failing
    disabled_at                   timestamptz,
    failing_since                 timestamptz,            -- first failure since the last success
    metadata                      jsonb       NOT NULL DEFAULT '{}',
    created_at                    timestamptz NOT NULL,
    updated_at                    timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_tenant_idx ON webhook_endpoints (tenant_id, id);

CREATE TABLE webhook_deliveries (
    id                    text PRIMARY KEY,
    tenant_id             text        NOT NULL REFERENCES tenants (id),
    endpoint_id           text        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id              text        NOT NULL,
    event_sequence        bigint      NOT NULL,
    event_type            text        NOT NULL,
    api_version           text        NOT NULL,   -- the endpoint's version when the delivery was made
    origin                text        NOT NULL,   -- event | replay
    status                text        NOT NULL,   -- pending | succeeded | failed
    attempts              integer     NOT NULL DEFAULT 0,
    next_attempt_at       timestamptz,            -- pending: when it may be sent (again)
    claimed_until         timestamptz,            -- a worker's lease on it
    last_attempt_at       timestamptz,
    last_response_status  integer,
    last_latency_ms       integer,
    last_response_body    text,                   -- truncated
    last_error            text,
    delivered_at          timestamptz,
    created_at            timestamptz NOT NULL
);
-- The dispatcher delivers an event to an endpoint once; replays add deliveries of their own.
CREATE UNIQUE INDEX webhook_deliveries_once_idx ON webhook_deliveries (endpoint_id, event_id) WHERE origin = 'event';
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (tenant_id, endpoint_id, id);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_ordered_idx ON webhook_deliveries (endpoint_id, event_sequence) WHERE status = 'pending';

CREATE TABLE webhook_delivery_attempts (
    delivery_id      text        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    attempted_at     timestamptz NOT NULL,
    response_status  integer,
    latency_ms       integer     NOT NULL,
    response_body    text,
    error            text,
    PRIMARY KEY (delivery_id, attempt)
);

-- The API version of the request (or endpoint) an event was written under.
ALTER TABLE billing_events ADD COLUMN api_version text;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['webhook_endpoints', 'webhook_deliveries', 'webhook_delivery_attempts']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_endpoints, webhook_deliveries, webhook_delivery_attempts TO billstream_app;

-- A tenant may deliver webhooks to internal addresses only by saying so (development setups).
ALTER TABLE tenants ADD COLUMN allow_private_webhook_urls boolean NOT NULL DEFAULT false;
-- Where Billstream writes to the tenant itself (an endpoint disabled, ...); null: nobody to tell.
ALTER TABLE tenants ADD COLUMN notification_email text;
