package io.billstream.catalog.domain.pricing;

import java.util.List;

import io.billstream.platform.domain.InvalidValueException;

/** The shape every tier list must have, shared by graduated and volume pricing. */
final class Tiers {

    private Tiers() {
    }

    /**
     * Tiers must cover every quantity exactly once: starting at 0, each starting where the previous
     * one ends, the last one unbounded. A gap would leave usage unpriced; an overlap would price it twice.
     */
    static List<Tier> contiguous(List<Tier> tiers) {
        if (tiers == null || tiers.isEmpty()) {
            throw new InvalidValueException("tiers", "tiers must contain at least one tier");
        }
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            String path = "tiers[" + i + "]";
            if (tier == null) {
                throw new InvalidValueException(path, path + " is required");
            }
            if (i == 0) {
                if (tier.from().signum() != 0) {
                    throw new InvalidValueException(path + ".from", "the first tier must start at 0, not "
                            + tier.from().toPlainString());
                }
                continue;
            }
            Tier previous = tiers.get(i - 1);
            String previousPath = "tiers[" + (i - 1) + "]";
            if (previous.isUnbounded()) {
                throw new InvalidValueException(previousPath + ".up_to", "only the last tier may be unbounded (up_to null); "
                        + previousPath + " is followed by another tier");
            }
            int order = tier.from().compareTo(previous.upTo());
            if (order > 0) {
                throw new InvalidValueException(path + ".from", "gap: " + path + " starts at " + tier.from().toPlainString()
                        + " but " + previousPath + " ends at " + previous.upTo().toPlainString()
                        + "; each tier must start where the previous one ends");
            }
            if (order < 0) {
                throw new InvalidValueException(path + ".from", path + " overlaps " + previousPath + ": it starts at "
                        + tier.from().toPlainString() + " but " + previousPath + " ends at " + previous.upTo().toPlainString()
                        + "; each tier must start where the previous one ends");
            }
        }
        int last = tiers.size() - 1;
        if (!tiers.get(last).isUnbounded()) {
            throw new InvalidValueException("tiers[" + last + "].up_to", "the last tier must be unbounded (up_to null), "
                    + "so that every quantity has a price");
        }
        return List.copyOf(tiers);
    }
}
