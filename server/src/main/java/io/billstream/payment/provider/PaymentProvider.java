package io.billstream.payment.provider;

import java.time.Instant;
import java.util.Map;

/**
 * The port every payment provider adapter implements ({@code sandbox}, {@code manual}, {@code stripe}).
 * Calls go over the network and are made outside any database transaction; each is idempotent on our
 * own ID (the payment's or the refund's), so sending a request again after a crash or a timeout never
 * charges or refunds twice.
 */
public interface PaymentProvider {

    /** The provider's name as payment methods and callback URLs carry it. */
    String name();

    /**
     * Asks the provider to charge the payment method.
     *
     * @throws ProviderUnavailableException when the provider could not be reached or answered with a
     *         server error: the outcome is unknown and the request is sent again later
     */
    ChargeOutcome charge(ChargeRequest request);

    /** The provider's current view of a charge, for the reconciler of payments stuck in processing. */
    ChargeOutcome retrieve(ChargeReference reference);

    /** @throws ProviderUnavailableException as for {@link #charge} */
    RefundOutcome refund(RefundRequest request);

    /**
     * Verifies a callback's signature and timestamp with the provider's own scheme, then reads it.
     *
     * @param headers the request's headers, names in lower case
     * @throws InvalidCallbackException when the signature, the timestamp or the body is not acceptable
     */
    ProviderCallback verify(byte[] body, Map<String, String> headers, Instant now);
}
