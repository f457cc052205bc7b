package io.billstream.invoicing.tax;

import java.time.Instant;

import io.billstream.invoicing.domain.tax.TaxRateDefinition;
import io.billstream.platform.money.Decimals;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A tax rate as the API shows it; the percentage is a decimal string ("8.875"). */
@JacksonXmlRootElement(localName = "tax_rate")
public record TaxRateView(String id, String object, String name, String description, String percentage, String country,
                          String region, boolean inclusive, boolean isDefault, boolean active, Instant createdAt,
                          Instant updatedAt) {

    static TaxRateView of(TaxRateDefinition d) {
        return new TaxRateView(d.id(), "tax_rate", d.rate().name(), d.description(), Decimals.plain(d.rate().percentage()),
                d.rate().country(), d.rate().region(), d.rate().inclusive(), d.isDefault(), d.active(), d.createdAt(),
                d.updatedAt());
    }
}
