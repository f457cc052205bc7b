package io.billstream.payment.provider.stripe;

import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.RefundCreateParams;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeReference;
import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderCallback;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundOutcome.RefundState;
import io.billstream.payment.provider.RefundRequest;
import io.billstream.payment.provider.stripe.StripeAmounts.UnsupportedAmountException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Charges and refunds through Stripe with stripe-java: one PaymentIntent per payment, confirmed off
 * session with the customer's saved payment method, and one Refund per refund. Our payment's or
 * refund's ID is Stripe's idempotency key, so sending a request again (after a timeout, a crash, a
 * retry) never charges or refunds twice within the 24 hours Stripe keeps its keys.
 *
 * <p>A payment method token is a PaymentMethod ID ({@code pm_...}); one saved on a Stripe Customer,
 * as every reusable one is, is given as {@code cus_.../pm_...} so that the Customer is sent with it.
 */
@Component
public class StripeProvider implements PaymentProvider {

    static final String NAME = "stripe";
    static final String TENANT_ID = "billstream_tenant_id";
    static final String INVOICE_ID = "billstream_invoice_id";
    static final String REFUND_ID = "billstream_refund_id";
    static final String REASON = "billstream_reason";

    private static final Logger log = LoggerFactory.getLogger(StripeProvider.class);
    private static final int METADATA_VALUE_MAX = 500;

    private final StripeClient stripe;
    private final StripeCallbacks callbacks;

    public StripeProvider(StripeProperties properties) {
        this.stripe = properties.apiKey() == null ? null : StripeClient.builder()
                .setApiKey(properties.apiKey())
                .setApiBase(properties.apiBase())
                .setConnectTimeout((int) properties.connectTimeout().toMillis())
                .setReadTimeout((int) properties.readTimeout().toMillis())
                .setMaxNetworkRetries(properties.maxNetworkRetries())
                .build();
        this.callbacks = properties.webhookSecret() == null ? null
                : new StripeCallbacks(properties.webhookSecret(), properties.webhookTolerance());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) {
        StripeClient client = client();
        if (isBlank(request.paymentMethodToken())) {
            return noPaymentMethod();
        }
        PaymentIntentCreateParams params;
        try {
            params = intent(request.paymentMethodToken(), request.amountMinor(), request.currency(), request.description())
                    .putMetadata(StripeCallbacks.PAYMENT_ID, request.paymentId())
                    .putMetadata(TENANT_ID, request.tenantId())
                    .putMetadata(INVOICE_ID, request.invoiceId())
                    .build();
        } catch (UnsupportedAmountException e) {
            return ChargeOutcome.failed(null, "amount_not_supported", e.getMessage());
        }
        try {
            return StripeOutcomes.charge(client.v1().paymentIntents().create(params, idempotent(request.paymentId())));
        } catch (CardException e) {
            return StripeOutcomes.declined(e);
        } catch (IdempotencyException e) {
            // The key was used with other parameters: a PaymentIntent for this payment exists, what it
            // became is what counts.
            return existing(client, request.paymentId(), e);
        } catch (StripeException e) {
            return refusedOrThrow(e, "charge " + request.paymentId());
        }
    }

    /**
     * Asks Stripe for the PaymentIntent. Without its ID (Stripe never answered the charge), it is first
     * looked for by the payment ID in its metadata; if search does not know it, the charge is sent again
     * under the same idempotency key. Stripe compares a repeated request's parameters, and the reference
     * carries neither the tenant, the invoice nor the description the charge was sent with: if the
     * original did reach Stripe, it answers idempotency_error, meaning "it exists, search has not caught
     * up yet" (it can lag by a minute), and the outcome stays unknown until the next attempt. If the
     * original never reached Stripe, this sends it, as the payment intended.
     */
    @Override
    public ChargeOutcome retrieve(ChargeReference reference) {
        StripeClient client = client();
        if (reference.providerTransactionId() != null) {
            try {
                return StripeOutcomes.charge(client.v1().paymentIntents().retrieve(reference.providerTransactionId()));
            } catch (AuthenticationException e) {
                // Our key cannot read it (rotated, restricted): that says nothing about the charge.
                throw new ProviderUnavailableException("Stripe refused our API key reading "
                        + reference.providerTransactionId(), e);
            } catch (StripeException e) {
                return refusedOrThrow(e, "retrieve " + reference.providerTransactionId());
            }
        }
        Optional<PaymentIntent> found = search(client, reference.paymentId());
        if (found.isPresent()) {
            return StripeOutcomes.charge(found.get());
        }
        if (isBlank(reference.paymentMethodToken())) {
            return noPaymentMethod();
        }
        PaymentIntentCreateParams params;
        try {
            params = intent(reference.paymentMethodToken(), reference.amountMinor(), reference.currency(), null)
                    .putMetadata(StripeCallbacks.PAYMENT_ID, reference.paymentId())
                    .build();
        } catch (UnsupportedAmountException e) {
            return ChargeOutcome.failed(null, "amount_not_supported", e.getMessage());
        }
        try {
            return StripeOutcomes.charge(client.v1().paymentIntents().create(params, idempotent(reference.paymentId())));
        } catch (CardException e) {
            return StripeOutcomes.declined(e);
        } catch (IdempotencyException e) {
            throw new ProviderUnavailableException("Stripe has a charge for payment " + reference.paymentId()
                    + " that its search does not show yet", e);
        } catch (StripeException e) {
            return refusedOrThrow(e, "charge again " + reference.paymentId());
        }
    }

    @Override
    public RefundOutcome refund(RefundRequest request) {
        StripeClient client = client();
        if (request.providerTransactionId() == null) {
            return new RefundOutcome(RefundState.FAILED, null, "no_provider_transaction",
                    "The payment has no Stripe PaymentIntent to refund");
        }
        RefundCreateParams.Builder params = RefundCreateParams.builder()
                .setPaymentIntent(request.providerTransactionId())
                .putMetadata(REFUND_ID, request.refundId())
                .putMetadata(StripeCallbacks.PAYMENT_ID, request.paymentId());
        try {
            params.setAmount(StripeAmounts.toStripe(request.amountMinor(), request.currency()));
        } catch (UnsupportedAmountException e) {
            return new RefundOutcome(RefundState.FAILED, null, "amount_not_supported", e.getMessage());
        }
        if (!isBlank(request.reason())) {
            params.putMetadata(REASON, truncate(request.reason()));
        }
        try {
            return StripeOutcomes.refund(client.v1().refunds().create(params.build(), idempotent(request.refundId())));
        } catch (IdempotencyException e) {
            throw new ProviderUnavailableException("Stripe already has a refund under key " + request.refundId()
                    + " with other parameters", e);
        } catch (StripeException e) {
            if (StripeOutcomes.isTransient(e)) {
                throw new ProviderUnavailableException("Stripe did not answer refund " + request.refundId(), e);
            }
            return StripeOutcomes.refundRefused(e);
        }
    }

    @Override
    public ProviderCallback verify(byte[] body, Map<String, String> headers, Instant now) {
        if (callbacks == null) {
            throw new ProviderNotConfiguredException(NAME, StripeProperties.PREFIX
                    + ".webhook-secret is not set: Stripe callbacks cannot be verified");
        }
        return callbacks.verify(body, headers, now);
    }

    private StripeClient client() {
        if (stripe == null) {
            throw new ProviderNotConfiguredException(NAME, StripeProperties.PREFIX + ".api-key is not set");
        }
        return stripe;
    }

    private static PaymentIntentCreateParams.Builder intent(String token, long amountMinor, String currency,
                                                           String description) {
        PaymentIntentCreateParams.Builder params = PaymentIntentCreateParams.builder()
                .setAmount(StripeAmounts.toStripe(amountMinor, currency))
                .setCurrency(currency.toLowerCase(Locale.ROOT))
                .setConfirm(true)
                .setOffSession(true)
                // Server-side confirmation has no page to come back to: payment methods that redirect
                // the customer are off the table (and Stripe would demand a return_url for them).
                .setAutomaticPaymentMethods(PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                        .setEnabled(true)
                        .setAllowRedirects(PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                        .build());
        int slash = token.indexOf('/');
        if (slash > 0) {
            params.setCustomer(token.substring(0, slash)).setPaymentMethod(token.substring(slash + 1));
        } else {
            params.setPaymentMethod(token);
        }
        if (!isBlank(description)) {
            params.setDescription(description);
        }
        return params;
    }

    private ChargeOutcome existing(StripeClient client, String paymentId, IdempotencyException cause) {
        return search(client, paymentId).map(StripeOutcomes::charge).orElseThrow(() -> new ProviderUnavailableException(
                "Stripe has a charge for payment " + paymentId + " that its search does not show yet", cause));
    }

    /**
     * The PaymentIntent Stripe holds for our payment, found by its metadata. Stripe's search is eventually
     * consistent and not offered everywhere (not to accounts in India): not finding it proves nothing, and
     * search failing is taken as not finding it.
     */
    private static Optional<PaymentIntent> search(StripeClient client, String paymentId) {
        PaymentIntentSearchParams params = PaymentIntentSearchParams.builder()
                .setQuery("metadata['" + StripeCallbacks.PAYMENT_ID + "']:'" + paymentId.replace("'", "\\'") + "'")
                .setLimit(10L)
                .build();
        try {
            // Two only if the key expired between attempts (Stripe keeps keys 24 hours): a succeeded one
            // then wins, so the payment is never recorded as failed while the customer paid.
            return client.v1().paymentIntents().search(params).getData().stream()
                    .max(Comparator.comparing((PaymentIntent intent) -> "succeeded".equals(intent.getStatus()))
                            .thenComparing(intent -> intent.getCreated() == null ? 0L : intent.getCreated()));
        } catch (StripeException e) {
            if (StripeOutcomes.isTransient(e)) {
                throw new ProviderUnavailableException("Stripe did not answer a search for payment " + paymentId, e);
            }
            log.warn("Stripe refused to search for payment {}: {}", paymentId, e.getMessage());
            return Optional.empty();
        }
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    /** Outcome unknown: thrown, and the request is sent again later. Stripe refused it: nothing was charged. */
    private static ChargeOutcome refusedOrThrow(StripeException e, String what) {
        if (StripeOutcomes.isTransient(e)) {
            throw new ProviderUnavailableException("Stripe did not answer: " + what + " (" + e.getMessage() + ")", e);
        }
        return StripeOutcomes.refused(e);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static ChargeOutcome noPaymentMethod() {
        return ChargeOutcome.failed(null, "payment_method_required", "The payment names no Stripe payment method");
    }

    private static String truncate(String value) {
        return value.length() <= METADATA_VALUE_MAX ? value : value.substring(0, METADATA_VALUE_MAX);
    }
}
