package io.billstream.invoicing.credit;

import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** A customer's credit balance in one currency: what the next invoices in that currency will consume first. */
@JacksonXmlRootElement(localName = "credit_balance")
public record CreditBalanceView(String object, String customer, String currency, long balanceMinor) {

    static CreditBalanceView of(String customerId, String currency, long balanceMinor) {
        return new CreditBalanceView("credit_balance", customerId, currency, balanceMinor);
    }
}
