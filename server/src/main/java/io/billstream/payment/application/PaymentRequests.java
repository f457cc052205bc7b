package io.billstream.payment.application;

import java.util.Map;

/** The API's commands on payments; validated by {@link PaymentAttempts} and {@link Refunding}. */
public final class PaymentRequests {

    private PaymentRequests() {
    }

    /**
     * @param invoice       the finalised invoice to pay
     * @param amountMinor   null for the invoice's amount due; more than that is an overpayment, which goes
     *                      to the customer's credit balance
     * @param paymentMethod one of the customer's attached payment methods; null for the default
     * @param provider      {@code manual} to record money received outside any provider (no payment method
     *                      needed); otherwise optional, and must match the method's
     * @param reference     a manual payment's reference (bank transfer, receipt), unique per provider
     * @param currency      optional; must be the invoice's
     */
    public record CreatePayment(String invoice, Long amountMinor, String currency, String paymentMethod, String provider,
                                String reference, String description, Map<String, String> metadata) {
    }

    /**
     * @param amountMinor null for everything still refundable
     * @param creditNote  an existing credit note whose refund is pending, to carry out; null to issue one
     */
    public record CreateRefund(Long amountMinor, String reason, String creditNote, String memo) {
    }
}
