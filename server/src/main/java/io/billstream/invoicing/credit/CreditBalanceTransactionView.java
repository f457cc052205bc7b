package io.billstream.invoicing.credit;

import java.time.Instant;

import io.billstream.invoicing.credit.domain.CreditBalanceTransaction;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** One row of a customer's credit balance ledger. */
@JacksonXmlRootElement(localName = "credit_balance_transaction")
public record CreditBalanceTransactionView(String id, String object, String customer, String currency, long amountMinor,
                                           long balanceAfterMinor, String kind, String creditNote, String invoice, String description,
                                           Instant createdAt) {

    static CreditBalanceTransactionView of(CreditBalanceTransaction t) {
        return new CreditBalanceTransactionView(t.id(), "credit_balance_transaction", t.customerId(), t.currency(), t.amountMinor(),
                t.balanceAfterMinor(), t.kind().apiName(), t.creditNoteId(), t.invoiceId(), t.description(), t.createdAt());
    }
}
