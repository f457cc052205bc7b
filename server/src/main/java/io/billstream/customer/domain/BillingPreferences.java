package io.billstream.customer.domain;

import java.util.Set;

import io.billstream.platform.domain.InvalidValueException;

/**
 * @param invoiceGracePeriodDays  days a draft invoice stays editable before it is finalised
 * @param netPaymentTermsDays     days from issue until an invoice is due (0: due on issue)
 * @param preferredPaymentProvider {@code sandbox}, {@code manual} or {@code stripe}; null for the tenant's default
 */
public record BillingPreferences(int invoiceGracePeriodDays, int netPaymentTermsDays, String preferredPaymentProvider) {

    public static final BillingPreferences DEFAULT = new BillingPreferences(0, 0, null);
    private static final Set<String> PROVIDERS = Set.of("sandbox", "manual", "stripe");

    public BillingPreferences {
        if (invoiceGracePeriodDays < 0 || invoiceGracePeriodDays > 365) {
            throw new InvalidValueException("billing_preferences.invoice_grace_period_days", "must be between 0 and 365");
        }
        if (netPaymentTermsDays < 0 || netPaymentTermsDays > 365) {
            throw new InvalidValueException("billing_preferences.net_payment_terms_days", "must be between 0 and 365");
        }
        if (preferredPaymentProvider != null && !PROVIDERS.contains(preferredPaymentProvider)) {
            throw new InvalidValueException("billing_preferences.preferred_payment_provider",
                    "must be one of " + PROVIDERS.stream().sorted().toList());
        }
    }
}
