package io.billstream.invoicing.application;

import java.math.RoundingMode;
import java.util.List;

import io.billstream.invoicing.credit.CreditBalances;
import io.billstream.invoicing.credit.CreditNotes;
import io.billstream.invoicing.credit.domain.CreditBalanceKind;
import io.billstream.invoicing.domain.InvoiceLine;
import io.billstream.invoicing.domain.LineTaxAmount;
import org.springframework.stereotype.Component;

/** The tenant's and customer's invoicing choices: rounding, tax, numbering, e-mail. */
@Component
class InvoicePolicies {

    private final CreditBalances creditBalances;
    private final CreditNotes creditNotes;

    InvoicePolicies(CreditBalances creditBalances, CreditNotes creditNotes) {
        this.creditBalances = creditBalances;
        this.creditNotes = creditNotes;
    }

    RoundingMode rounding() {
        return RoundingMode.HALF_UP;
    }

    String taxMode(String customerId) {
        return "rates";
    }

    String numberPrefix() {
        return "INV";
    }

    boolean emailInvoices() {
        return true;
    }

    String sellerSnapshot() {
        return "{}";
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

    List<LineTaxAmount> taxes(String customerId, List<InvoiceLine> lines, RoundingMode rounding) {
        return List.of();
    }
}
