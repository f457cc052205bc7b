package io.billstream.catalog.domain.pricing;

/**
 * How a period's usage of one charge is priced. Implementations are immutable, validate themselves
 * on construction and compute exactly: no rounding happens here.
 */
public sealed interface ChargeModel permits StandardPricing, GraduatedPricing, VolumePricing, PackagePricing, PercentagePricing {

    /** The model's name in the API: {@code standard}, {@code graduated}, {@code volume}, {@code package} or {@code percentage}. */
    String code();

    /**
     * The exact amount, in major units, for this usage, with one breakdown component per part that
     * was charged.
     *
     * @throws io.billstream.platform.domain.InvalidValueException if the usage lacks what the model
     *                                                             needs (per-event amounts for {@code percentage})
     */
    PriceEvaluation evaluate(Usage usage);
}
