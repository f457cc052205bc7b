package io.billstream.payment.provider;

public record RefundOutcome(RefundState state, String providerRefundId, String failureCode, String failureMessage) {

    public enum RefundState { PENDING, SUCCEEDED, FAILED }
}
