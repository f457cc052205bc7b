package io.billstream.invoicing.tax;

import java.time.Instant;
import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.billstream.invoicing.domain.tax.InvoiceSettings;
import io.billstream.invoicing.tax.db.InvoiceSettingsRows;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.money.TenantRounding;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A tenant's invoice settings: its invoice_settings row (the defaults while it has none) and the
 * rounding mode kept on the tenant. Read fresh on every call, never cached.
 */
@Service
public class InvoiceSettingsService {

    private final InvoiceSettingsRows rows;
    private final TenantRounding rounding;
    private final AuditLog audit;
    private final Clock clock;

    InvoiceSettingsService(InvoiceSettingsRows rows, TenantRounding rounding, AuditLog audit, Clock clock) {
        this.rows = rows;
        this.rounding = rounding;
        this.audit = audit;
        this.clock = clock;
    }

    /** The current tenant's settings, as invoices are made and finalised with them. */
    @Transactional(readOnly = true)
    public InvoiceSettings current() {
        return settings(rows.find(TenantContext.require(), false));
    }

    @Transactional(readOnly = true)
    public InvoiceSettingsView view() {
        Optional<InvoiceSettingsRows.Row> row = rows.find(TenantContext.require(), false);
        return InvoiceSettingsView.of(settings(row), row.map(InvoiceSettingsRows.Row::updatedAt).orElse(null));
    }

    /** Applies {@code change} to the current settings; concurrent changes apply one after the other. */
    @Transactional
    public InvoiceSettingsView change(UnaryOperator<InvoiceSettings> change) {
        String tenantId = TenantContext.require();
        Optional<InvoiceSettingsRows.Row> existing = rows.find(tenantId, true);
        if (existing.isEmpty()) {
            rows.ensure(tenantId, clock.instant());
            existing = rows.find(tenantId, true);
        }
        InvoiceSettings current = settings(existing);
        InvoiceSettingsView before = InvoiceSettingsView.of(current, existing.get().updatedAt());
        InvoiceSettings changed = change.apply(current);
        if (changed.equals(current)) {
            return before;
        }
        Instant now = clock.instant();
        rows.update(tenantId, new InvoiceSettingsRows.Row(changed.taxMode(), changed.numberPrefix(), changed.emailInvoices(),
                changed.seller(), now));
        if (changed.rounding() != current.rounding()) {
            rounding.change(changed.rounding());
        }
        InvoiceSettingsView after = InvoiceSettingsView.of(changed, now);
        audit.record("invoice_settings.update", "invoice_settings", tenantId, before, after);
        return after;
    }

    private InvoiceSettings settings(Optional<InvoiceSettingsRows.Row> row) {
        InvoiceSettings defaults = InvoiceSettings.DEFAULTS;
        return row.map(r -> new InvoiceSettings(r.taxMode(), r.numberPrefix(), r.emailInvoices(), rounding.current(), r.seller()))
                .orElseGet(() -> new InvoiceSettings(defaults.taxMode(), defaults.numberPrefix(), defaults.emailInvoices(),
                        rounding.current(), defaults.seller()));
    }
}
