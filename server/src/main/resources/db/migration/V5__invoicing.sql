-- Invoicing: billing runs, invoices and their lines, taxes, credit notes and customer credit balances.

-- How a tenant rounds each line to the currency's minor unit (half_up unless it chose otherwise).
-- On tenants, not on invoicing's settings, because prorations are rounded by subscriptions too.
ALTER TABLE tenants ADD COLUMN rounding_mode text NOT NULL DEFAULT 'half_up';   -- half_up | half_even | half_down

-- A tenant's invoicing settings; a missing row means the defaults.
CREATE TABLE invoice_settings (
    tenant_id        text PRIMARY KEY REFERENCES tenants (id),
    tax_mode         text        NOT NULL DEFAULT 'rates',   -- rates | external
    number_prefix    text        NOT NULL DEFAULT 'INV',
    email_invoices   boolean     NOT NULL DEFAULT true,
    seller           jsonb       NOT NULL DEFAULT '{}',      -- name, email, address, tax_id: printed on documents
    updated_at       timestamptz NOT NULL
);

-- Gap-free numbering: one counter per tenant and year, incremented in the finalising transaction,
-- so a rolled-back finalisation gives its number back.
CREATE TABLE invoice_number_sequences (
    tenant_id    text    NOT NULL REFERENCES tenants (id),
    year         integer NOT NULL,
    last_number  bigint  NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE tax_rates (
    id            text PRIMARY KEY,
    tenant_id     text        NOT NULL REFERENCES tenants (id),
    name          text        NOT NULL,
    percentage    numeric     NOT NULL,      -- 0 to 100, up to 4 decimals: 8.875 means 8.875 %
    country       text,                      -- ISO 3166-1 alpha-2
    region        text,                      -- state, province: free text
    inclusive     boolean     NOT NULL,      -- prices already include this tax
    is_default    boolean     NOT NULL DEFAULT false,   -- the tenant default, when nothing more specific applies
    active        boolean     NOT NULL DEFAULT true,
    description   text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX tax_rates_tenant_idx ON tax_rates (tenant_id, created_at);

-- Which rates apply to a customer's or a plan's lines (customer first, then plan, then tenant default).
CREATE TABLE tax_rate_assignments (
    tenant_id    text NOT NULL REFERENCES tenants (id),
    scope        text NOT NULL,      -- customer | plan
    scope_id     text NOT NULL,      -- customer ID or plan ID
    tax_rate_id  text NOT NULL REFERENCES tax_rates (id),
    position     integer NOT NULL,
    PRIMARY KEY (tenant_id, scope, scope_id, tax_rate_id)
);

-- A customer set to external tax has its invoices taxed by an outside system (pending_tax).
CREATE TABLE customer_tax_settings (
    tenant_id    text NOT NULL REFERENCES tenants (id),
    customer_id  text PRIMARY KEY REFERENCES customers (id),
    tax_mode     text NOT NULL,      -- rates | external | exempt
    updated_at   timestamptz NOT NULL
);

CREATE TABLE invoices (
    id                    text PRIMARY KEY,
    tenant_id             text        NOT NULL REFERENCES tenants (id),
    customer_id           text        NOT NULL REFERENCES customers (id),
    subscription_id       text,                    -- the subscription billed; null for one-off invoices
    billing_reason        text        NOT NULL,    -- subscription_cycle | subscription_update | usage_adjustment | manual
    billing_date          timestamptz NOT NULL,    -- the period boundary a run billed (the run's identity), or creation
    status                text        NOT NULL,    -- draft | pending_tax | finalized | paid | void | uncollectible
    number                text,
    currency              char(3)     NOT NULL,
    rounding_mode         text        NOT NULL,
    tax_mode              text        NOT NULL,    -- rates | external | exempt
    period_start          timestamptz,             -- the service the invoice covers
    period_end            timestamptz,
    subtotal_minor        bigint      NOT NULL DEFAULT 0,   -- lines before exclusive tax (inclusive tax included)
    tax_minor             bigint      NOT NULL DEFAULT 0,
    total_minor           bigint      NOT NULL DEFAULT 0,
    credit_applied_minor  bigint      NOT NULL DEFAULT 0,   -- from the customer's credit balance
    credited_minor        bigint      NOT NULL DEFAULT 0,   -- by credit notes
    amount_paid_minor     bigint      NOT NULL DEFAULT 0,
    amount_due_minor      bigint      NOT NULL DEFAULT 0,
    memo                  text,
    metadata              jsonb       NOT NULL DEFAULT '{}',
    customer_snapshot     jsonb,                   -- the buyer as printed, frozen at finalisation
    seller_snapshot       jsonb,
    net_terms_days        integer     NOT NULL DEFAULT 0,
    finalize_at           timestamptz,             -- a draft finalises itself then (end of the grace period)
    issued_at             timestamptz,
    due_at                timestamptz,
    finalized_at          timestamptz,
    paid_at               timestamptz,
    voided_at             timestamptz,
    uncollectible_at      timestamptz,
    test_clock_id         text,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL
);
-- The exactly-once rule of billing runs: one run invoice per customer and billing date.
CREATE UNIQUE INDEX invoices_one_per_billing_date ON invoices (tenant_id, customer_id, billing_date)
    WHERE billing_reason = 'subscription_cycle';
CREATE UNIQUE INDEX invoices_number_idx ON invoices (tenant_id, number) WHERE number IS NOT NULL;
CREATE INDEX invoices_tenant_idx ON invoices (tenant_id, created_at DESC, id DESC);
CREATE INDEX invoices_customer_idx ON invoices (tenant_id, customer_id, created_at DESC);
CREATE INDEX invoices_subscription_idx ON invoices (tenant_id, subscription_id);
CREATE INDEX invoices_status_idx ON invoices (tenant_id, status, created_at DESC);
-- Drafts waiting for their grace period to end.
CREATE INDEX invoices_finalize_at_idx ON invoices (finalize_at) WHERE status = 'draft' AND finalize_at IS NOT NULL;

CREATE TABLE invoice_lines (
    id                 text PRIMARY KEY,
    tenant_id          text        NOT NULL REFERENCES tenants (id),
    invoice_id         text        NOT NULL REFERENCES invoices (id),
    position           integer     NOT NULL,
    kind               text        NOT NULL,   -- base_fee | recurring_item | usage | usage_adjustment | minimum | proration | one_time | manual
    description        text        NOT NULL,
    subscription_id    text,
    plan_id            text,                   -- the plan a fee or usage line bills: it chooses the tax rates
    billing_period_id  text,                   -- the period a base fee or usage line bills
    pending_item_id    text,
    metric_code        text,
    group_key          jsonb,                  -- a usage line's group (group-by properties)
    quantity           numeric     NOT NULL,
    unit_price         numeric,                -- null when the amount is not quantity × one price (tiers)
    amount_exact       numeric     NOT NULL,   -- before rounding, for the record
    amount_minor       bigint      NOT NULL,   -- rounded once
    tax_minor          bigint      NOT NULL DEFAULT 0,    -- exclusive tax added on top of amount_minor
    inclusive_tax_minor bigint     NOT NULL DEFAULT 0,    -- tax contained in amount_minor
    credited_minor     bigint      NOT NULL DEFAULT 0,    -- by credit notes
    breakdown          jsonb,                  -- tiers, packages: how the amount was computed
    service_start      timestamptz,
    service_end        timestamptz,
    tax_rate_ids       text[]      NOT NULL DEFAULT '{}',
    created_at         timestamptz NOT NULL
);
CREATE INDEX invoice_lines_invoice_idx ON invoice_lines (invoice_id, position);
CREATE INDEX invoice_lines_period_idx ON invoice_lines (tenant_id, billing_period_id) WHERE billing_period_id IS NOT NULL;

-- The tax on each line, per rate (rates or external), so documents can show tax by rate.
CREATE TABLE invoice_line_taxes (
    id              text PRIMARY KEY,
    tenant_id       text        NOT NULL REFERENCES tenants (id),
    invoice_id      text        NOT NULL REFERENCES invoices (id),
    line_id         text        NOT NULL REFERENCES invoice_lines (id),
    tax_rate_id     text,                  -- null for tax lines from an external system
    name            text        NOT NULL,
    percentage      numeric,
    inclusive       boolean     NOT NULL,
    taxable_minor   bigint      NOT NULL,
    amount_minor    bigint      NOT NULL,
    jurisdiction    text,
    external_ref    text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX invoice_line_taxes_invoice_idx ON invoice_line_taxes (invoice_id);

CREATE TABLE credit_notes (
    id                text PRIMARY KEY,
    tenant_id         text        NOT NULL REFERENCES tenants (id),
    invoice_id        text        NOT NULL REFERENCES invoices (id),
    customer_id       text        NOT NULL REFERENCES customers (id),
    number            text        NOT NULL,      -- the invoice number with a suffix: INV-2026-000042-CN1
    currency          char(3)     NOT NULL,
    reason            text        NOT NULL,      -- refund | correction | goodwill
    credit_method     text        NOT NULL,      -- invoice (reduces the amount due) | credit_balance | refund
    subtotal_minor    bigint      NOT NULL,
    tax_minor         bigint      NOT NULL,
    total_minor       bigint      NOT NULL,
    invoice_reduction_minor bigint NOT NULL,     -- taken off the invoice's amount due
    credit_balance_minor    bigint NOT NULL,     -- added to the customer's credit balance
    refund_minor            bigint NOT NULL,     -- to refund through payments
    refund_status     text,                      -- pending | refunded: payments carry it out
    memo              text,
    test_clock_id     text,
    created_at        timestamptz NOT NULL
);
CREATE INDEX credit_notes_tenant_idx ON credit_notes (tenant_id, created_at DESC, id DESC);
CREATE INDEX credit_notes_invoice_idx ON credit_notes (tenant_id, invoice_id);
CREATE UNIQUE INDEX credit_notes_number_idx ON credit_notes (tenant_id, number);

CREATE TABLE credit_note_lines (
    id               text PRIMARY KEY,
    tenant_id        text        NOT NULL REFERENCES tenants (id),
    credit_note_id   text        NOT NULL REFERENCES credit_notes (id),
    invoice_line_id  text        NOT NULL REFERENCES invoice_lines (id),
    description      text        NOT NULL,
    amount_minor     bigint      NOT NULL,     -- the part of the line's total (tax included) credited
    tax_minor        bigint      NOT NULL,     -- the tax inside amount_minor
    created_at       timestamptz NOT NULL
);
CREATE INDEX credit_note_lines_note_idx ON credit_note_lines (credit_note_id);

-- A customer's credit balance per currency, as a ledger: positive rows add credit, negative ones
-- consume it. The balance is the sum; balance_after makes each row checkable on its own.
CREATE TABLE credit_balance_transactions (
    id              text PRIMARY KEY,
    tenant_id       text        NOT NULL REFERENCES tenants (id),
    customer_id     text        NOT NULL REFERENCES customers (id),
    currency        char(3)     NOT NULL,
    amount_minor    bigint      NOT NULL,
    balance_after_minor bigint  NOT NULL CHECK (balance_after_minor >= 0),
    kind            text        NOT NULL,      -- credit_note | invoice_applied | invoice_voided | invoice_credit | adjustment
    credit_note_id  text,
    invoice_id      text,
    description     text,
    created_at      timestamptz NOT NULL
);
CREATE INDEX credit_balance_transactions_customer_idx ON credit_balance_transactions (tenant_id, customer_id, currency, created_at);

-- What a billing run has billed of each period: the fees in advance when it opens, the usage and the
-- fees in arrears when it closes. `invoice_id` (from issue 4) is the invoice billing its usage.
ALTER TABLE billing_periods ADD COLUMN advance_billed_at timestamptz;
ALTER TABLE billing_periods ADD COLUMN advance_invoice_id text;
ALTER TABLE billing_periods ADD COLUMN arrears_billed_at timestamptz;
-- The due work of billing runs: few rows each, found without scanning billed history.
CREATE INDEX billing_periods_arrears_due_idx ON billing_periods (ended_at)
    WHERE status = 'closed' AND arrears_billed_at IS NULL;
CREATE INDEX billing_periods_advance_due_idx ON billing_periods (period_start)
    WHERE advance_fees_billable AND advance_billed_at IS NULL;
CREATE INDEX billing_periods_customer_idx ON billing_periods (tenant_id, customer_id, status);

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['invoice_settings', 'invoice_number_sequences', 'tax_rates', 'tax_rate_assignments',
                             'customer_tax_settings', 'invoices', 'invoice_lines', 'invoice_line_taxes', 'credit_notes',
                             'credit_note_lines', 'credit_balance_transactions']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_tenant_id())'
                       ' WITH CHECK (tenant_id = current_tenant_id())', t);
    END LOOP;
END
$$;
GRANT SELECT, INSERT, UPDATE ON invoice_settings, invoice_number_sequences, tax_rates, customer_tax_settings TO billstream_app;
-- Deletes: draft lines are replaced when a draft is refreshed; a test clock's deletion takes its invoices.
GRANT SELECT, INSERT, UPDATE, DELETE ON tax_rate_assignments, invoices, invoice_lines, invoice_line_taxes, credit_notes,
    credit_note_lines, credit_balance_transactions TO billstream_app;

-- The scheduler's question across tenants: which real-time customers have something to bill by now?
-- (tenant, customer, the earliest billing date due). Test-clock customers are billed as their clock advances.
CREATE FUNCTION due_billing_runs(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, customer_id text, billing_date timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT d.tenant_id, d.customer_id, min(d.due) FROM (
          SELECT bp.tenant_id, bp.customer_id, bp.ended_at AS due FROM billing_periods bp
          WHERE bp.status = 'closed' AND bp.arrears_billed_at IS NULL AND bp.ended_at <= p_now
            AND bp.closed_reason IN ('renewal', 'termination')
          UNION ALL
          SELECT bp.tenant_id, bp.customer_id, bp.period_start FROM billing_periods bp
          WHERE bp.advance_fees_billable AND bp.advance_billed_at IS NULL AND bp.period_start <= p_now) d
      JOIN customers c ON c.id = d.customer_id AND c.test_clock_id IS NULL
      GROUP BY d.tenant_id, d.customer_id ORDER BY min(d.due) LIMIT p_limit $$;

-- Drafts whose grace period is over, across tenants.
CREATE FUNCTION due_invoice_finalizations(p_now timestamptz, p_limit integer)
    RETURNS TABLE (tenant_id text, invoice_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT tenant_id, id FROM invoices
      WHERE status = 'draft' AND finalize_at <= p_now AND test_clock_id IS NULL
      ORDER BY finalize_at LIMIT p_limit $$;

-- Real-time customers with late usage to act on now, across tenants: drafts to refresh, and ended
-- subscriptions whose corrections have no next invoice to ride on. (Corrections for running
-- subscriptions wait for their next billing date and are not returned.)
CREATE FUNCTION late_usage_customers(p_limit integer)
    RETURNS TABLE (tenant_id text, customer_id text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT DISTINCT e.tenant_id, e.customer_id FROM usage_events e
      JOIN customers c ON c.id = e.customer_id AND c.test_clock_id IS NULL
      JOIN billing_periods bp ON bp.id = e.invoiced_period_id
      LEFT JOIN invoices i ON i.id = bp.invoice_id
      WHERE e.invoiced_period_id IS NOT NULL AND e.subscription_id IS NOT NULL
        AND (i.status = 'draft'
             OR NOT EXISTS (SELECT 1 FROM billing_periods o WHERE o.subscription_id = bp.subscription_id AND o.status = 'open'))
      LIMIT p_limit $$;

REVOKE ALL ON FUNCTION due_billing_runs(timestamptz, integer), due_invoice_finalizations(timestamptz, integer),
    late_usage_customers(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION due_billing_runs(timestamptz, integer), due_invoice_finalizations(timestamptz, integer),
    late_usage_customers(integer) TO billstream_app;
