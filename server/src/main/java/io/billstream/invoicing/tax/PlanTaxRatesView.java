package io.billstream.invoicing.tax;

import java.util.List;

import tools.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import tools.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** The tax rates a plan's lines carry when the customer has none of its own, in order. */
@JacksonXmlRootElement(localName = "plan_tax_rates")
public record PlanTaxRatesView(String object, String planId,
                               @JacksonXmlElementWrapper(localName = "tax_rate_ids") @JacksonXmlProperty(localName = "id")
                               List<String> taxRateIds) {
}
