package io.billstream.invoicing.tax;

import java.time.Instant;

import io.billstream.invoicing.domain.tax.InvoiceSettings;
import io.billstream.platform.money.TenantRounding;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A tenant's invoice settings as the API shows them.
 *
 * @param updatedAt null while the tenant has never changed them
 */
@JacksonXmlRootElement(localName = "invoice_settings")
public record InvoiceSettingsView(String object, String taxMode, String numberPrefix, boolean emailInvoices, String roundingMode,
                                  SellerView seller, Instant updatedAt) {

    public record SellerView(String name, String email, java.util.List<String> addressLines, String taxId) {
    }

    static InvoiceSettingsView of(InvoiceSettings s, Instant updatedAt) {
        InvoiceSettings.Seller seller = s.seller();
        return new InvoiceSettingsView("invoice_settings", s.taxMode(), s.numberPrefix(), s.emailInvoices(),
                TenantRounding.apiName(s.rounding()),
                new SellerView(seller.name(), seller.email(), seller.addressLines(), seller.taxId()), updatedAt);
    }
}
