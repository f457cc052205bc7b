package io.billstream.catalog.domain;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.billstream.catalog.domain.period.BillingInterval;
import io.billstream.platform.domain.InvalidValueException;

/**
 * Everything a plan version charges and grants. A version's terms never change once a subscription
 * uses it; changing them makes the next version.
 */
public record PlanTerms(BillingInterval interval, Currency currency, long baseFeeMinor, FeeTiming feeTiming, int trialDays,
                        List<UsageCharge> charges, List<RecurringItem> recurringItems, List<OneTimeItem> oneTimeItems,
                        List<Feature> features) {

    static final int MAX_DECIMALS = 12;

    public PlanTerms {
        if (baseFeeMinor < 0) {
            throw new InvalidValueException("amount_minor", "must not be negative");
        }
        if (trialDays < 0 || trialDays > 730) {
            throw new InvalidValueException("trial_days", "must be between 0 and 730");
        }
        charges = List.copyOf(charges);
        recurringItems = List.copyOf(recurringItems);
        oneTimeItems = List.copyOf(oneTimeItems);
        features = List.copyOf(features);
        Set<String> itemCodes = new HashSet<>();
        for (int i = 0; i < recurringItems.size(); i++) {
            RecurringItem item = recurringItems.get(i);
            String field = "recurring_items[" + i + "]";
            checkItem(field, item.code(), item.name(), item.unitPrice(), itemCodes);
            if (item.defaultQuantity() < 0) {
                throw new InvalidValueException(field + ".default_quantity", "must not be negative");
            }
        }
        for (int i = 0; i < oneTimeItems.size(); i++) {
            OneTimeItem item = oneTimeItems.get(i);
            String field = "one_time_items[" + i + "]";
            checkItem(field, item.code(), item.name(), item.unitPrice(), itemCodes);
            if (item.quantity() <= 0) {
                throw new InvalidValueException(field + ".quantity", "must be at least 1");
            }
        }
        Set<String> featureCodes = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            if (!featureCodes.add(features.get(i).code())) {
                throw new InvalidValueException("features[" + i + "].code", "appears twice");
            }
        }
    }

    private static void checkItem(String field, String code, String name, BigDecimal unitPrice, Set<String> codes) {
        Codes.require(code, field + ".code");
        Codes.requireName(name, field + ".name");
        if (!codes.add(code)) {
            throw new InvalidValueException(field + ".code", "appears twice among the plan's items");
        }
        checkPrice(unitPrice, field + ".unit_price");
    }

    public static void checkPrice(BigDecimal price, String field) {
        if (price == null) {
            throw new InvalidValueException(field, "is required");
        }
        if (price.signum() < 0) {
            throw new InvalidValueException(field, "must not be negative");
        }
        if (price.precision() - price.scale() > 30) {
            throw new InvalidValueException(field, "has more than 30 digits before the decimal point");
        }
        if (price.stripTrailingZeros().scale() > MAX_DECIMALS) {
            throw new InvalidValueException(field, "has more than " + MAX_DECIMALS + " decimal places");
        }
    }

    public RecurringItem recurringItem(String code) {
        return recurringItems.stream().filter(item -> item.code().equals(code)).findFirst().orElse(null);
    }
}
