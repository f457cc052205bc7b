package io.billstream.payment.provider.stripe;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Charge;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import com.stripe.net.Webhook;
import io.billstream.payment.provider.ChargeOutcome.ChargeState;
import io.billstream.payment.provider.InvalidCallbackException;
import io.billstream.payment.provider.ProviderCallback;

/**
 * Stripe's webhook events, verified with stripe-java's own verifier and read into callbacks. Which
 * events matter: the four PaymentIntent outcomes and the Refund events; every other type is
 * acknowledged and changes nothing.
 */
final class StripeCallbacks {

    static final String SIGNATURE_HEADER = "stripe-signature";
    static final String PAYMENT_ID = "billstream_payment_id";

    private static final Set<String> REFUND_EVENTS = Set.of("refund.created", "refund.updated", "refund.failed",
            "charge.refund.updated");

    private final String secret;
    private final long toleranceSeconds;

    StripeCallbacks(String secret, Duration tolerance) {
        this.secret = secret;
        this.toleranceSeconds = tolerance.toSeconds();
    }

    ProviderCallback verify(byte[] body, Map<String, String> headers, Instant now) {
        String signature = headers.get(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            throw new InvalidCallbackException("The " + SIGNATURE_HEADER + " header is missing");
        }
        Event event = verifiedEvent(new String(body, StandardCharsets.UTF_8), signature, now);
        if (event.getId() == null || event.getType() == null || event.getCreated() == null) {
            throw new InvalidCallbackException("The callback is not a Stripe event: it has no id, type or created");
        }
        return read(event);
    }

    private Event verifiedEvent(String payload, String signature, Instant now) {
        try {
            // The library's clock parameter lets `now` (Billstream's injected clock) decide staleness,
            // rather than the library's own System.currentTimeMillis(). Like Stripe's other libraries it
            // refuses only old timestamps: a future one was still signed with our secret.
            return Webhook.constructEvent(payload, signature, secret, toleranceSeconds, Clock.fixed(now, ZoneOffset.UTC));
        } catch (SignatureVerificationException e) {
            throw new InvalidCallbackException("The Stripe signature does not verify: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // stripe-java reports a body that is not a JSON event with Gson's exceptions, and a header whose
            // t= is not a number with NumberFormatException: unchecked, and none of them ours to name.
            throw new InvalidCallbackException("The callback is not a signed Stripe event: " + e.getMessage(), e);
        }
    }

    private static ProviderCallback read(Event event) {
        String type = event.getType();
        Instant occurredAt = Instant.ofEpochSecond(event.getCreated());
        return switch (type) {
            case "payment_intent.succeeded" -> charge(event, ChargeState.SUCCEEDED, occurredAt);
            case "payment_intent.processing" -> charge(event, ChargeState.PROCESSING, occurredAt);
            case "payment_intent.payment_failed" -> charge(event, ChargeState.FAILED, occurredAt);
            case "payment_intent.canceled" -> charge(event, ChargeState.CANCELED, occurredAt);
            case "charge.refunded" -> chargeRefunded(event, occurredAt);
            default -> REFUND_EVENTS.contains(type) ? refund(event, dataObject(event, Refund.class), occurredAt)
                    : new ProviderCallback(event.getId(), type, null, null, null, null, null, null, null, occurredAt);
        };
    }

    private static ProviderCallback charge(Event event, ChargeState state, Instant occurredAt) {
        PaymentIntent intent = dataObject(event, PaymentIntent.class);
        String failureCode = null;
        String failureMessage = null;
        if (state == ChargeState.FAILED) {
            StripeError error = intent.getLastPaymentError();
            failureCode = StripeOutcomes.failureCode(error, "payment_failed");
            failureMessage = StripeOutcomes.message(error, null);
        } else if (state == ChargeState.CANCELED) {
            failureCode = intent.getCancellationReason();
        }
        return new ProviderCallback(event.getId(), event.getType(), intent.getId(), metadata(intent.getMetadata()), state,
                null, null, failureCode, failureMessage, occurredAt);
    }

    /**
     * A charge.refunded event carries the Charge, not the Refund, and names no refund; since API version
     * 2022-11-15 the Charge no longer lists its refunds either. When it does, its newest refund is the one
     * this event is most likely about; otherwise the event changes nothing and refund.updated tells.
     */
    private static ProviderCallback chargeRefunded(Event event, Instant occurredAt) {
        Charge charge = dataObject(event, Charge.class);
        Refund newest = charge.getRefunds() == null || charge.getRefunds().getData() == null ? null
                : charge.getRefunds().getData().stream()
                        .max(Comparator.comparing(r -> r.getCreated() == null ? 0L : r.getCreated())).orElse(null);
        if (newest == null) {
            return new ProviderCallback(event.getId(), event.getType(), charge.getPaymentIntent(),
                    metadata(charge.getMetadata()), null, null, null, null, null, occurredAt);
        }
        return refund(event, newest, occurredAt);
    }

    private static ProviderCallback refund(Event event, Refund refund, Instant occurredAt) {
        var outcome = StripeOutcomes.refund(refund);
        return new ProviderCallback(event.getId(), event.getType(), refund.getPaymentIntent(), metadata(refund.getMetadata()),
                null, refund.getId(), outcome.state(), outcome.failureCode(), outcome.failureMessage(), occurredAt);
    }

    /**
     * The event's object, read by stripe-java. Safely when the webhook endpoint's API version is the
     * library's; otherwise it is read anyway: the few fields Billstream reads (id, status, metadata, the
     * last payment error, a refund's failure reason) are the same in every recent API version.
     */
    private static <T extends StripeObject> T dataObject(Event event, Class<T> type) {
        StripeObject object;
        try {
            EventDataObjectDeserializer deserializer = event.getDataObjectDeserializer();
            object = deserializer.getObject().isPresent() ? deserializer.getObject().get() : deserializer.deserializeUnsafe();
        } catch (EventDataObjectDeserializationException | RuntimeException e) {
            throw new InvalidCallbackException("The " + event.getType() + " event's object cannot be read (API version "
                    + event.getApiVersion() + "): " + e.getMessage(), e);
        }
        if (!type.isInstance(object)) {
            throw new InvalidCallbackException("A " + event.getType() + " event should carry a "
                    + type.getSimpleName() + ", not " + (object == null ? "nothing" : object.getClass().getSimpleName()));
        }
        return type.cast(object);
    }

    private static String metadata(Map<String, String> metadata) {
        return metadata == null ? null : metadata.get(PAYMENT_ID);
    }
}
