package io.billstream.invoicing.tax;

import java.util.List;

import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A customer's tax settings.
 *
 * @param taxMode          the customer's own mode, or null to follow the tenant's
 * @param effectiveTaxMode the mode its next invoice gets: its own, else the tenant's
 * @param taxRateIds       the rates assigned to the customer, active or not, in order
 */
@JacksonXmlRootElement(localName = "customer_tax_settings")
public record CustomerTaxSettingsView(String object, String customerId, String taxMode, String effectiveTaxMode,
                                      @JacksonXmlElementWrapper(localName = "tax_rate_ids") @JacksonXmlProperty(localName = "id")
                                      List<String> taxRateIds) {
}
