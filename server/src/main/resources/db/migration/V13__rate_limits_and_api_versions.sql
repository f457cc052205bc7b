-- API access controls: each credential is pinned to an API version, and token buckets rate-limit
-- each credential, shared by every server instance.

-- The version a credential's requests are answered in unless they send Billstream-Version.
-- Credentials created before versioning existed were made against the first version.
ALTER TABLE api_keys ADD COLUMN api_version text NOT NULL DEFAULT '2026-11-01';
ALTER TABLE api_keys ALTER COLUMN api_version DROP DEFAULT;
ALTER TABLE oauth_clients ADD COLUMN api_version text NOT NULL DEFAULT '2026-11-01';
ALTER TABLE oauth_clients ALTER COLUMN api_version DROP DEFAULT;

-- Authentication reads the pinned version along with the credential (before the tenant is known).
DROP FUNCTION find_api_key(bytea);
CREATE FUNCTION find_api_key(p_secret_hash bytea)
    RETURNS TABLE (id text, tenant_id text, scopes text[], expires_at timestamptz, revoked_at timestamptz, api_version text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id, tenant_id, scopes, expires_at, revoked_at, api_version FROM api_keys WHERE secret_hash = p_secret_hash $$;

DROP FUNCTION find_oauth_client(text);
CREATE FUNCTION find_oauth_client(p_client_id text)
    RETURNS TABLE (id text, tenant_id text, secret_hash text, scopes text[], access_token_ttl_seconds integer,
                   revoked_at timestamptz, api_version text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT id, tenant_id, secret_hash, scopes, access_token_ttl_seconds, revoked_at, api_version
      FROM oauth_clients WHERE id = p_client_id $$;

REVOKE ALL ON FUNCTION find_api_key(bytea), find_oauth_client(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION find_api_key(bytea), find_oauth_client(text) TO billstream_app;

-- Bucket4j's token buckets (the PostgreSQL proxy manager's table): one row per credential and limit,
-- e.g. 'key_01...:rest:100/1s'. Not tenant data and read before any tenant scoping, so no row-level
-- security; expires_at (epoch milliseconds) is when a bucket left alone would be full again, after
-- which its row may be deleted.
CREATE TABLE rate_limit_buckets (
    id          text PRIMARY KEY,
    state       bytea,
    expires_at  bigint
);
CREATE INDEX rate_limit_buckets_expiry_idx ON rate_limit_buckets (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limit_buckets TO billstream_app;

-- A tenant's own limits, set by the operator; a null pair means the installation's default.
-- Row-level security like any tenant-owned row: the operator writes it scoped to that tenant.
CREATE TABLE tenant_rate_limits (
    tenant_id                  text PRIMARY KEY REFERENCES tenants (id),
    ingestion_quota            integer CHECK (ingestion_quota > 0),
    ingestion_window_seconds   integer CHECK (ingestion_window_seconds > 0),
    rest_quota                 integer CHECK (rest_quota > 0),
    rest_window_seconds        integer CHECK (rest_window_seconds > 0),
    updated_at                 timestamptz NOT NULL,
    CHECK ((ingestion_quota IS NULL) = (ingestion_window_seconds IS NULL)),
    CHECK ((rest_quota IS NULL) = (rest_window_seconds IS NULL))
);
ALTER TABLE tenant_rate_limits ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenant_rate_limits USING (tenant_id = current_tenant_id())
    WITH CHECK (tenant_id = current_tenant_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_rate_limits TO billstream_app;
