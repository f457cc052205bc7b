package io.billstream.customer.web;

import java.util.List;
import java.util.Map;

import io.billstream.customer.domain.BillingAddress;
import io.billstream.customer.domain.BillingPreferences;
import io.billstream.customer.domain.CustomerDetails;
import io.billstream.customer.domain.TaxId;

/** Request bodies of the customer endpoints. */
final class CustomerRequests {

    private CustomerRequests() {
    }

    record AddressInput(String line1, String line2, String city, String state, String postalCode, String country) {
        BillingAddress toAddress() {
            return new BillingAddress(line1, line2, city, state, postalCode, country);
        }
    }

    record TaxIdInput(String type, String value) {
        TaxId toTaxId() {
            return new TaxId(type, value);
        }
    }

    record PreferencesInput(Integer invoiceGracePeriodDays, Integer netPaymentTermsDays, String preferredPaymentProvider) {
        /** Fields left out keep their value in {@code base}. */
        BillingPreferences over(BillingPreferences base) {
            return new BillingPreferences(
                    invoiceGracePeriodDays == null ? base.invoiceGracePeriodDays() : invoiceGracePeriodDays,
                    netPaymentTermsDays == null ? base.netPaymentTermsDays() : netPaymentTermsDays,
                    preferredPaymentProvider == null ? base.preferredPaymentProvider() : preferredPaymentProvider);
        }
    }

    record CreateCustomer(String externalId, String name, String email, AddressInput billingAddress, List<TaxIdInput> taxIds,
                          String currency, String timezone, PreferencesInput billingPreferences, Map<String, String> metadata,
                          String testClock) {

        CustomerDetails toDetails() {
            return new CustomerDetails(externalId, name, email,
                    billingAddress == null ? null : billingAddress.toAddress(),
                    taxIds == null ? List.of() : taxIds.stream().map(TaxIdInput::toTaxId).toList(),
                    currency, timezone,
                    billingPreferences == null ? BillingPreferences.DEFAULT : billingPreferences.over(BillingPreferences.DEFAULT),
                    metadata);
        }
    }
}
