package io.billstream.invoicing.tax.web;

import java.math.RoundingMode;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.billstream.invoicing.domain.tax.InvoiceSettings;
import io.billstream.invoicing.domain.tax.InvoiceSettings.Seller;
import io.billstream.invoicing.tax.InvoiceSettingsService;
import io.billstream.invoicing.tax.InvoiceSettingsView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.money.TenantRounding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/invoice-settings")
@Tag(name = "Invoice settings", description = "How the tenant invoices: tax mode, numbering, e-mail, rounding and the seller printed on documents.")
class InvoiceSettingsController {

    private static final Set<String> FIELDS = Set.of("tax_mode", "number_prefix", "email_invoices", "rounding_mode", "seller");
    private static final Set<String> SELLER_FIELDS = Set.of("name", "email", "address_lines", "tax_id");

    private final InvoiceSettingsService settings;

    InvoiceSettingsController(InvoiceSettingsService settings) {
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve the invoice settings", description = "The defaults until they are first changed (updated_at null).")
    InvoiceSettingsView get() {
        return settings.view();
    }

    @PatchMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Update the invoice settings",
            description = "Fields left out are kept; null restores a field's default. seller is replaced whole. tax_mode: rates or "
                    + "external; number_prefix: 1-10 of A-Z, 0-9, '-'; rounding_mode: half_up, half_even or half_down. Changes apply "
                    + "to invoices made (numbers: finalised) from now on.")
    InvoiceSettingsView update(@RequestBody JsonNode body) {
        return settings.change(patch(body));
    }

    private static UnaryOperator<InvoiceSettings> patch(JsonNode body) {
        JsonFields.requireObject(body, null);
        JsonFields.onlyKnown(body, FIELDS, "");
        InvoiceSettings defaults = InvoiceSettings.DEFAULTS;
        String taxMode = JsonFields.text(body, "tax_mode", "tax_mode");
        String prefix = JsonFields.text(body, "number_prefix", "number_prefix");
        Boolean email = body.has("email_invoices") && body.get("email_invoices").isNull() ? null : JsonFields.flag(body, "email_invoices");
        String roundingName = JsonFields.text(body, "rounding_mode", "rounding_mode");
        RoundingMode rounding = roundingName == null ? null : TenantRounding.parse(roundingName, "rounding_mode");
        Seller seller = seller(body.get("seller"));
        return current -> new InvoiceSettings(
                !body.has("tax_mode") ? current.taxMode() : taxMode == null ? defaults.taxMode() : taxMode,
                !body.has("number_prefix") ? current.numberPrefix() : prefix == null ? defaults.numberPrefix() : prefix,
                !body.has("email_invoices") ? current.emailInvoices() : email == null ? defaults.emailInvoices() : email,
                !body.has("rounding_mode") ? current.rounding() : rounding == null ? defaults.rounding() : rounding,
                !body.has("seller") ? current.seller() : seller);
    }

    /** The seller replaced whole; null (or absent fields inside it) clears. */
    private static Seller seller(JsonNode node) {
        if (node == null || node.isNull()) {
            return Seller.NONE;
        }
        JsonFields.requireObject(node, "seller");
        JsonFields.onlyKnown(node, SELLER_FIELDS, "seller.");
        List<String> lines = JsonFields.strings(node, "address_lines", "seller.address_lines");
        return new Seller(JsonFields.text(node, "name", "seller.name"), JsonFields.text(node, "email", "seller.email"), lines,
                JsonFields.text(node, "tax_id", "seller.tax_id"));
    }
}
