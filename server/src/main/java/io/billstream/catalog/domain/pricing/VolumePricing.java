package io.billstream.catalog.domain.pricing;

import java.util.List;
import java.util.Objects;

/**
 * All units at the price of the one tier the total falls in, plus that tier's flat fee. A total
 * exactly on a tier's {@code up_to} stays in that tier.
 */
public record VolumePricing(List<Tier> tiers) implements ChargeModel {

    public static final String CODE = "volume";

    public VolumePricing {
        tiers = Tiers.contiguous(tiers);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public PriceEvaluation evaluate(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            if (tier.contains(usage.units())) {
                return PriceEvaluation.of(List.of(new PriceComponent.TierUnits(i + 1, tier, usage.units())));
            }
        }
        // Only zero units fall in no tier (tiers are contiguous from 0 and the last is unbounded):
        // nothing used, nothing charged, not even the first tier's flat fee.
        return PriceEvaluation.of(List.of());
    }
}
