package io.billstream.payment.provider;

/**
 * What the provider says about a charge.
 *
 * @param failureCode    a short machine code when failed ({@code card_declined}, {@code insufficient_funds}, ...)
 * @param failureMessage the provider's explanation, for people
 */
public record ChargeOutcome(ChargeState state, String providerTransactionId, String failureCode, String failureMessage) {

    public enum ChargeState { PROCESSING, SUCCEEDED, FAILED, CANCELED }

    public static ChargeOutcome succeeded(String transactionId) {
        return new ChargeOutcome(ChargeState.SUCCEEDED, transactionId, null, null);
    }

    public static ChargeOutcome processing(String transactionId) {
        return new ChargeOutcome(ChargeState.PROCESSING, transactionId, null, null);
    }

    public static ChargeOutcome failed(String transactionId, String code, String message) {
        return new ChargeOutcome(ChargeState.FAILED, transactionId, code, message);
    }
}
