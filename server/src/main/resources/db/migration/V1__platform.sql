-- Platform: tenants, credentials, signing keys, idempotency, billing-event log, audit log.
--
-- Ownership and row-level security. The migration runs as the schema owner; the application runs
-- as billstream_app, which owns nothing and cannot bypass row-level security. Every tenant-owned
-- table carries tenant_id and a policy that shows billstream_app only the rows of the tenant named
-- by the connection setting billstream.tenant_id (see TenantScopedDataSource).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'billstream_app') THEN
        -- LOGIN for the embedded server, whose afterMigrate callback sets its password; an external
        -- deployment logs in as its own user and switches to this role.
        CREATE ROLE billstream_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO billstream_app;

-- The application may log in as the migration user and switch to billstream_app (SET ROLE),
-- which needs membership. A separate BILLSTREAM_DB_APP_USER must be granted it by the operator.
DO $$
BEGIN
    EXECUTE format('GRANT billstream_app TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR invalid_grant_operation THEN
    RAISE NOTICE 'Could not grant billstream_app to %; grant it to the application login by hand', current_user;
END
$$;

CREATE FUNCTION current_tenant_id() RETURNS text
    LANGUAGE sql STABLE
AS $$ SELECT nullif(current_setting('billstream.tenant_id', true), '') $$;

-- Tenants are the unit of isolation itself, so they are not row-secured; the application reads
-- a tenant by its ID and only the platform operator lists them.
CREATE TABLE tenants (
    id           text PRIMARY KEY,
    name         text        NOT NULL,
    slug         text        NOT NULL UNIQUE,
    is_operator  boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON tenants TO billstream_app;

CREATE TABLE api_keys (
    id           text PRIMARY KEY,
    tenant_id    text        NOT NULL REFERENCES tenants (id),
    name         text        NOT NULL,
    secret_hash  bytea       NOT NULL UNIQUE,
    secret_hint  text        NOT NULL,
    scopes       text[]      NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, id);

CREATE TABLE oauth_clients (
    id                        text PRIMARY KEY,
    tenant_id                 text        NOT NULL REFERENCES tenants (id),
    name                      text        NOT NULL,
    secret_hash               text        NOT NULL,
    scopes                    text[]      NOT NULL,
    access_token_ttl_seconds  integer     NOT NULL,
    created_at                timestamptz NOT NULL,
    revoked_at                timestamptz
);
CREATE INDEX oauth_clients_tenant_idx ON oauth_clients (tenant_id, id);

-- Keys that sign OAuth access tokens. Shared by every instance, so tokens issued by one are
-- accepted by all and survive restarts. Not tenant data.
CREATE TABLE signing_keys (
    kid          text PRIMARY KEY,
    algorithm    text        NOT NULL,
    public_key   bytea       NOT NULL,
    private_key  bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
GRANT SELECT, INSERT ON signing_keys TO billstream_app;

CREATE TABLE idempotency_keys (
    tenant_id              text        NOT NULL REFERENCES tenants (id),
    key                    text        NOT NULL,
    request_fingerprint    bytea       NOT NULL,
    response_status        integer     NOT NULL,
    response_content_type  text,
    response_location      text,
    response_body          bytea       NOT NULL,
    created_at             timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);

-- The billing-event log is the outbox every module writes in the same transaction as its change.
-- sequence is gap-free and increases per tenant in commit order (see tenant_event_sequences).
CREATE TABLE billing_events (
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    sequence         bigint      NOT NULL,
    id               text        NOT NULL UNIQUE,
    type             text        NOT NULL,
    occurred_at      timestamptz NOT NULL,
    customer_id      text,
    subscription_id  text,
    invoice_id       text,
    payment_id       text,
    request_id       text,
    data             jsonb       NOT NULL,
    PRIMARY KEY (tenant_id, sequence)
);
CREATE INDEX billing_events_type_idx ON billing_events (tenant_id, type, sequence);
CREATE INDEX billing_events_occurred_idx ON billing_events (tenant_id, occurred_at, sequence);
CREATE INDEX billing_events_customer_idx ON billing_events (tenant_id, customer_id, sequence) WHERE customer_id IS NOT NULL;

-- One counter row per tenant. Taking the next number locks the row until the writing transaction
-- ends, so numbers are handed out and committed in the same order: a consumer that resumes after
-- sequence N can never miss an event that commits later with a smaller number.
CREATE TABLE tenant_event_sequences (
    tenant_id      text   PRIMARY KEY REFERENCES tenants (id),
    last_sequence  bigint NOT NULL
);

CREATE TABLE audit_logs (
    id             text PRIMARY KEY,
    tenant_id      text        NOT NULL REFERENCES tenants (id),
    occurred_at    timestamptz NOT NULL,
    actor_type     text        NOT NULL,
    actor_id       text,
    action         text        NOT NULL,
    resource_type  text        NOT NULL,
    resource_id    text,
    request_id     text,
    changes        jsonb       NOT NULL
);
CREATE INDEX audit_logs_tenant_idx ON audit_logs (tenant_id, id);

-- Audit rows are append-only for everyone, owner included.
CREATE FUNCTION refuse_audit_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'audit_logs is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_logs_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_logs
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change();

CREATE TABLE customers (
    id                          text PRIMARY KEY,
    tenant_id                   text        NOT NULL REFERENCES tenants (id),
    external_id                 text,
    name                        text,
    email                       text,
    billing_address             jsonb,
    tax_ids                     jsonb       NOT NULL,
    currency                    char(3),
    timezone                    text        NOT NULL,
    invoice_grace_period_days   integer     NOT NULL,
    net_payment_terms_days      integer     NOT NULL,
    preferred_payment_provider  text,
    status                      text        NOT NULL,
    metadata                    jsonb       NOT NULL,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    archived_at                 timestamptz,
    version                     bigint      NOT NULL,
    UNIQUE (tenant_id, external_id)
);
CREATE INDEX customers_tenant_idx ON customers (tenant_id, id);
CREATE INDEX customers_email_idx ON customers (tenant_id, lower(email));

-- Privileges and policies for every tenant-owned table.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['api_keys', 'oauth_clients', 'idempotency_keys', 'billing_events',
                             'tenant_event_sequences', 'audit_logs', 'customers']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON api_keys, oauth_clients, tenant_event_sequences, customers TO billstream_app;
-- Billing events are facts: the application appends them and never changes one.
GRANT SELECT, INSERT ON billing_events TO billstream_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO billstream_app;
GRANT SELECT, INSERT ON audit_logs TO billstream_app;

-- Authentication happens before the tenant is known. These functions run as the schema owner and
-- return exactly the one credential that matches, never a listing.
CREATE FUNCTION find_api_key(p_secret_hash bytea)
    RETURNS TABLE (id text, tenant_id text, scopes text[], expires_at timestamptz, revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id, tenant_id, scopes, expires_at, revoked_at FROM api_keys WHERE secret_hash = p_secret_hash $$;

CREATE FUNCTION find_oauth_client(p_client_id text)
    RETURNS TABLE (id text, tenant_id text, secret_hash text, scopes text[], access_token_ttl_seconds integer,
                   revoked_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id, tenant_id, secret_hash, scopes, access_token_ttl_seconds, revoked_at FROM oauth_clients WHERE id = p_client_id $$;

-- Idempotency records expire after 24 hours for every tenant at once.
CREATE FUNCTION purge_idempotency_keys(p_before timestamptz) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$ WITH gone AS (DELETE FROM idempotency_keys WHERE created_at < p_before RETURNING 1) SELECT count(*) FROM gone $$;

REVOKE ALL ON FUNCTION find_api_key(bytea), find_oauth_client(text), purge_idempotency_keys(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key(bytea), find_oauth_client(text), purge_idempotency_keys(timestamptz) TO billstream_app;
