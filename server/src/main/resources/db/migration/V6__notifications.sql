-- Notifications: the e-mails Billstream sends. Each is recorded in the transaction of the change that
-- causes it (an invoice finalised) and delivered over SMTP after that commits, retried with backoff.

CREATE TABLE notifications (
    id                 text PRIMARY KEY,
    tenant_id          text        NOT NULL REFERENCES tenants (id),
    kind               text        NOT NULL,      -- what caused it, as an event type: invoice.finalized
    channel            text        NOT NULL,      -- email
    recipient          text        NOT NULL,      -- an e-mail address
    subject            text        NOT NULL,
    text_body          text        NOT NULL,
    html_body          text,
    customer_id        text        REFERENCES customers (id),
    related_object_id  text,                      -- the invoice (or other object) it is about
    status             text        NOT NULL,      -- queued | sending | sent | failed | suppressed
    attempts           integer     NOT NULL DEFAULT 0,
    -- queued: when the next attempt is due; sending: when a claim whose sender died is given up
    next_attempt_at    timestamptz,
    last_error         text,
    sent_at            timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL
);
CREATE INDEX notifications_tenant_idx ON notifications (tenant_id, id DESC);
CREATE INDEX notifications_customer_idx ON notifications (tenant_id, customer_id, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX notifications_related_object_idx ON notifications (tenant_id, related_object_id) WHERE related_object_id IS NOT NULL;
-- Due deliveries across tenants: only the few undelivered rows, never the sent history.
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status IN ('queued', 'sending');

CREATE TABLE notification_attachments (
    tenant_id        text    NOT NULL REFERENCES tenants (id),
    notification_id  text    NOT NULL REFERENCES notifications (id),
    position         integer NOT NULL,
    filename         text    NOT NULL,
    content_type     text    NOT NULL,
    content          bytea   NOT NULL,
    PRIMARY KEY (notification_id, position)
);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['notifications', 'notification_attachments']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
-- Deletes: a test clock's deletion takes its customers' notifications.
GRANT SELECT, INSERT, UPDATE, DELETE ON notifications TO billstream_app;
GRANT SELECT, INSERT, DELETE ON notification_attachments TO billstream_app;

-- The scheduler's question across tenants: which notifications are due for a delivery attempt by now?
CREATE FUNCTION due_notifications(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM notifications
      WHERE status IN ('queued', 'sending') AND next_attempt_at <= p_now
      ORDER BY next_attempt_at LIMIT p_limit $$;

REVOKE ALL ON FUNCTION due_notifications(timestamptz, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_notifications(timestamptz, integer) TO billstream_app;
