package io.billstream.catalog.domain.pricing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Each tier prices only the units that fall in it (the first 1,000 at 0.01, the next at 0.005), and
 * adds its flat fee once usage enters it.
 */
public record GraduatedPricing(List<Tier> tiers) implements ChargeModel {

    public static final String CODE = "graduated";

    public GraduatedPricing {
        tiers = Tiers.contiguous(tiers);
    }

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public PriceEvaluation evaluate(Usage usage) {
        Objects.requireNonNull(usage, "usage");
        List<PriceComponent> breakdown = new ArrayList<>();
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            if (!tier.isEnteredBy(usage.units())) {
                break;
            }
            breakdown.add(new PriceComponent.TierUnits(i + 1, tier, tier.unitsWithin(usage.units())));
        }
        return PriceEvaluation.of(breakdown);
    }
}
