package io.billstream.invoicing.tax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.domain.tax.TaxRateDefinition;
import io.billstream.invoicing.tax.db.TaxRates;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.stereotype.Component;

/**
 * Tax rate IDs a caller names, checked: each must be a rate of the current tenant (another tenant's
 * rates are invisible, so they read as unknown), active, and named once, since a rate listed twice
 * would tax the line twice.
 */
@Component
class RateReferences {

    static final int MAX_RATES = 10;

    private final TaxRates rates;

    RateReferences(TaxRates rates) {
        this.rates = rates;
    }

    /**
     * @param fieldOf the field to name for the ID at an index, for the caller to fix
     * @return the rates in the order given
     */
    List<TaxRate> resolve(List<String> ids, String listField, IntFunction<String> fieldOf) {
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        if (ids.size() > MAX_RATES) {
            throw new InvalidValueException(listField, listField + " names at most " + MAX_RATES + " tax rates");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                throw new InvalidValueException(fieldOf.apply(i), "a tax rate ID such as 'txr_…' is required");
            }
            if (!seen.add(id)) {
                throw new InvalidValueException(fieldOf.apply(i), "tax rate " + id + " is named twice; it would tax the line twice");
            }
        }
        Map<String, TaxRateDefinition> found = rates.findAll(TenantContext.require(), ids).stream()
                .collect(Collectors.toMap(TaxRateDefinition::id, Function.identity()));
        List<TaxRate> resolved = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            TaxRateDefinition definition = found.get(ids.get(i));
            if (definition == null) {
                throw new InvalidValueException(fieldOf.apply(i), "No such tax rate: '" + ids.get(i) + "'");
            }
            if (!definition.active()) {
                throw new InvalidValueException(fieldOf.apply(i), "Tax rate " + ids.get(i) + " is inactive; activate it or name another");
            }
            resolved.add(definition.rate());
        }
        return List.copyOf(resolved);
    }
}
