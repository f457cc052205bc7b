-- Webhook delivery: the dispatcher's and the workers' questions across tenants. Each returns only
-- (tenant, id) pairs; the work itself then runs as that tenant, under row-level security.

-- Enabled endpoints whose tenant has committed events beyond the endpoint's fan-out position. A
-- disabled endpoint's position stands still; enabling it again moves it to the latest event.
CREATE FUNCTION webhook_endpoints_behind(p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT e.tenant_id, e.id FROM webhook_endpoints e
      JOIN tenant_event_sequences s ON s.tenant_id = e.tenant_id
      WHERE e.enabled AND s.last_sequence > e.dispatched_through_sequence
      ORDER BY e.dispatched_through_sequence LIMIT p_limit $$;

-- Takes a lease on up to p_limit due deliveries of enabled endpoints. A claimed delivery's
-- next_attempt_at moves to the end of the lease, so the due index skips it while it is in flight
-- and a worker that dies leaves it due again once the lease runs out. For an ordered endpoint only
-- the earliest pending delivery (by sequence) is ever claimable.
CREATE FUNCTION claim_webhook_deliveries(p_now timestamptz, p_lease_until timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$ WITH due AS (
          SELECT d.id FROM webhook_deliveries d
          JOIN webhook_endpoints e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= p_now AND e.enabled
            AND (NOT e.ordered OR NOT EXISTS (
                SELECT 1 FROM webhook_deliveries earlier
                WHERE earlier.endpoint_id = d.endpoint_id AND earlier.status = 'pending'
                  AND (earlier.event_sequence, earlier.id) < (d.event_sequence, d.id)))
          ORDER BY d.next_attempt_at
          LIMIT p_limit
          FOR UPDATE OF d SKIP LOCKED)
      UPDATE webhook_deliveries w SET claimed_until = p_lease_until, next_attempt_at = p_lease_until
      FROM due WHERE w.id = due.id
      RETURNING w.tenant_id, w.id $$;

REVOKE ALL ON FUNCTION webhook_endpoints_behind(integer), claim_webhook_deliveries(timestamptz, timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION webhook_endpoints_behind(integer), claim_webhook_deliveries(timestamptz, timestamptz, integer) TO billstream_app;

-- The delivery log lists an endpoint's deliveries newest first, optionally by status.
CREATE INDEX webhook_deliveries_endpoint_status_idx ON webhook_deliveries (endpoint_id, status, id);
