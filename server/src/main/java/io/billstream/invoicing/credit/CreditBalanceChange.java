package io.billstream.invoicing.credit;

/**
 * The object of {@code customer.credit_balance_changed}: the balance after the change, the change
 * itself and what caused it.
 *
 * @param kind {@code credit_note}, {@code invoice_applied}, {@code invoice_voided}, {@code invoice_credit},
 *             {@code adjustment}, {@code overpayment} or {@code refund_failed}
 */
public record CreditBalanceChange(String object, String customer, String currency, long balanceMinor, long changeMinor, String kind,
                                  String invoice, String creditNote) {
}
