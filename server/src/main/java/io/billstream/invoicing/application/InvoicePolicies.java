package io.billstream.invoicing.application;

import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.billstream.invoicing.credit.CreditBalances;
import io.billstream.invoicing.credit.CreditNotes;
import io.billstream.invoicing.credit.domain.CreditBalanceKind;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.LineTaxAmount;
import io.billstream.invoicing.domain.tax.InvoiceSettings;
import io.billstream.invoicing.domain.tax.LineTax;
import io.billstream.invoicing.domain.tax.TaxCalculator;
import io.billstream.invoicing.domain.tax.TaxRate;
import io.billstream.invoicing.tax.InvoiceSettingsService;
import io.billstream.invoicing.tax.TaxPolicy;
import io.billstream.platform.money.TenantRounding;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's and customer's invoicing choices as the invoice code needs them: rounding, tax mode
 * and rates, numbering, e-mail, the seller, and the customer's credit balance.
 */
@Component
class InvoicePolicies {

    private final CreditBalances creditBalances;
    private final CreditNotes creditNotes;
    private final TaxPolicy taxPolicy;
    private final InvoiceSettingsService settings;
    private final TenantRounding tenantRounding;
    private final JsonMapper json;

    InvoicePolicies(CreditBalances creditBalances, CreditNotes creditNotes, TaxPolicy taxPolicy, InvoiceSettingsService settings,
                    TenantRounding tenantRounding, JsonMapper json) {
        this.creditBalances = creditBalances;
        this.creditNotes = creditNotes;
        this.taxPolicy = taxPolicy;
        this.settings = settings;
        this.tenantRounding = tenantRounding;
        this.json = json;
    }

    RoundingMode rounding() {
        return tenantRounding.current();
    }

    /** {@code rates}, {@code external} or {@code exempt}: the customer's own, or the tenant's. */
    String taxMode(String customerId) {
        return taxPolicy.taxMode(customerId);
    }

    InvoiceSettings settings() {
        return settings.current();
    }

    String numberPrefix() {
        return settings.current().numberPrefix();
    }

    String sellerSnapshot() {
        return json.writeValueAsString(settings.current().seller());
    }

    /**
     * The tax on each line, per rate: the rates a manual line names, else the customer's, the plan's
     * or the tenant's default rates. Each tax is rounded once per line and rate.
     */
    List<LineTaxAmount> taxes(String customerId, List<InvoiceLine> lines, RoundingMode rounding) {
        List<LineTaxAmount> taxes = new ArrayList<>();
        Map<String, List<TaxRate>> byPlan = new HashMap<>();
        for (InvoiceLine line : lines) {
            if (line.amountMinor() == 0) {
                continue;
            }
            List<TaxRate> rates = line.taxRateIds().isEmpty()
                    ? byPlan.computeIfAbsent(String.valueOf(line.planId()), k -> taxPolicy.ratesFor(customerId, line.planId()))
                    : taxPolicy.ratesById(line.taxRateIds(), "tax_rate_ids");
            for (LineTax tax : TaxCalculator.taxLine(line.amountMinor(), rates, rounding)) {
                taxes.add(new LineTaxAmount(line.id(), tax.taxRateId(), tax.name(), tax.percentage(), tax.inclusive(),
                        tax.taxableMinor(), tax.amountMinor(), null, null));
            }
        }
        return taxes;
    }

    /** Refuses unknown or inactive rates named on a manual line. */
    void checkRates(List<String> rateIds, String field) {
        if (!rateIds.isEmpty()) {
            taxPolicy.ratesById(rateIds, field);
        }
    }

    long consumeCredit(String customerId, String currency, long maxMinor, String invoiceId) {
        return creditBalances.consume(customerId, currency, maxMinor, invoiceId);
    }

    void addCredit(String customerId, String currency, long amountMinor, String invoiceId, String description) {
        creditBalances.credit(customerId, currency, amountMinor, CreditBalanceKind.INVOICE_CREDIT.apiName(), null, invoiceId, description);
    }

    void restoreCredit(String invoiceId) {
        creditBalances.restoreForVoidedInvoice(invoiceId);
    }

    void creditRemaining(String invoiceId, String reason, String creditMethod) {
        creditNotes.creditRemaining(invoiceId, reason, creditMethod);
    }
}
