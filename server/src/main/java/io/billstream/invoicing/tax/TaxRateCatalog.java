package io.billstream.invoicing.tax;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.domain.tax.TaxRateDefinition;
import io.billstream.invoicing.tax.db.TaxRates;
import io.billstream.platform.audit.AuditLog;
import io.billstream.platform.ids.Ids;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tenant's tax rates. A rate's percentage, inclusiveness, country and region are fixed when it is
 * created, because issued invoices refer to it: a changed tax is a new rate, and the old one is
 * deactivated. Rates are never deleted.
 */
@Service
public class TaxRateCatalog {

    public record NewTaxRate(String name, String description, BigDecimal percentage, String country, String region,
                             boolean inclusive, boolean isDefault, boolean active) {
    }

    /**
     * The fields a PATCH may change; null leaves a field as it is. {@code description} is null when
     * absent, empty to clear it.
     */
    public record TaxRatePatch(String name, Optional<String> description, Boolean active, Boolean isDefault) {
    }

    private final TaxRates rates;
    private final AuditLog audit;
    private final Clock clock;

    TaxRateCatalog(TaxRates rates, AuditLog audit, Clock clock) {
        this.rates = rates;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public TaxRateView create(NewTaxRate request) {
        Instant now = clock.instant();
        TaxRate rate = new TaxRate(Ids.next("txr"), request.name(), request.percentage(), request.country(), request.region(),
                request.inclusive());
        var definition = new TaxRateDefinition(TenantContext.require(), rate, request.description(), request.isDefault(),
                request.active(), now, now);
        rates.insert(definition);
        TaxRateView view = TaxRateView.of(definition);
        audit.record("tax_rate.create", "tax_rate", rate.id(), null, view);
        return view;
    }

    @Transactional(readOnly = true)
    public TaxRateView get(String id) {
        return TaxRateView.of(load(id, false));
    }

    /** Newest first; {@code active} null lists active and inactive rates. */
    @Transactional(readOnly = true)
    public ListPage<TaxRateView> list(Boolean active, PageRequest page) {
        return ListPage.of(rates.list(TenantContext.require(), active, page), page, TaxRateDefinition::id, TaxRateView::of);
    }

    @Transactional
    public TaxRateView change(String id, TaxRatePatch patch) {
        TaxRateDefinition current = load(id, true);
        TaxRateDefinition changed = current.change(
                patch.name() == null ? current.rate().name() : patch.name(),
                patch.description() == null ? current.description() : patch.description().orElse(null),
                patch.active() == null ? current.active() : patch.active(),
                patch.isDefault() == null ? current.isDefault() : patch.isDefault(),
                clock.instant());
        TaxRateView before = TaxRateView.of(current);
        if (sameExceptUpdatedAt(current, changed)) {
            return before;
        }
        rates.update(changed);
        TaxRateView after = TaxRateView.of(changed);
        audit.record("tax_rate.update", "tax_rate", id, before, after);
        return after;
    }

    private static boolean sameExceptUpdatedAt(TaxRateDefinition a, TaxRateDefinition b) {
        return a.equals(new TaxRateDefinition(b.tenantId(), b.rate(), b.description(), b.isDefault(), b.active(), b.createdAt(),
                a.updatedAt()));
    }

    private TaxRateDefinition load(String id, boolean forUpdate) {
        return rates.find(TenantContext.require(), id, forUpdate).orElseThrow(() -> ApiException.notFound("tax_rate", id));
    }
}
