package io.billstream.catalog.domain.pricing;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Short ways to write decimals, tiers and usage in pricing tests. */
final class PricingFixtures {

    private PricingFixtures() {
    }

    static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    static Tier tier(String from, String upTo, String unitPrice) {
        return tier(from, upTo, unitPrice, null);
    }

    static Tier tier(String from, String upTo, String unitPrice, String flatFee) {
        return new Tier(d(from), upTo == null ? null : d(upTo), d(unitPrice), flatFee == null ? null : d(flatFee));
    }

    static Usage units(String units) {
        return Usage.ofUnits(d(units));
    }

    static Usage events(String... amounts) {
        return Usage.ofEvents(Arrays.stream(amounts).map(BigDecimal::new).toList());
    }

    /** 0–100 at 0.10; 100–1,000 at 0.05 plus 5 on entering; above 1,000 at 0.01. */
    static List<Tier> threeTiers() {
        return List.of(
                tier("0", "100", "0.10"),
                tier("100", "1000", "0.05", "5"),
                tier("1000", null, "0.01"));
    }
}
