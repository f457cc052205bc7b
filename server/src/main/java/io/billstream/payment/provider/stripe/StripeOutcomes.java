package io.billstream.payment.provider.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeOutcome.ChargeState;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundOutcome.RefundState;

/** Reads Stripe's PaymentIntents, Refunds and errors into the port's outcomes. */
final class StripeOutcomes {

    /** Off-session, nobody is there to complete 3-D Secure: a PaymentIntent that asks for it has failed. */
    static final String AUTHENTICATION_REQUIRED = "authentication_required";

    private StripeOutcomes() {
    }

    static ChargeOutcome charge(PaymentIntent intent) {
        String id = intent.getId();
        String status = intent.getStatus() == null ? "" : intent.getStatus();
        return switch (status) {
            case "succeeded" -> ChargeOutcome.succeeded(id);
            case "processing", "requires_capture" -> ChargeOutcome.processing(id);
            case "requires_payment_method" -> failed(id, intent.getLastPaymentError(), "requires_payment_method",
                    "Stripe needs another payment method for this payment");
            case "requires_action", "requires_confirmation" -> ChargeOutcome.failed(id, AUTHENTICATION_REQUIRED,
                    message(intent.getLastPaymentError(), "The payment needs the customer to authenticate it, "
                            + "which an off-session payment cannot ask for"));
            case "canceled" -> new ChargeOutcome(ChargeState.CANCELED, id, intent.getCancellationReason(), null);
            // A status this version does not know yet: not final as far as we can tell, so the reconciler
            // asks again rather than settling on a guess.
            default -> ChargeOutcome.processing(id);
        };
    }

    /** A card error: the PaymentIntent failed, and Stripe names it in the error when it created one. */
    static ChargeOutcome declined(CardException e) {
        StripeError error = e.getStripeError();
        String intentId = error != null && error.getPaymentIntent() != null ? error.getPaymentIntent().getId() : null;
        String code = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode();
        return ChargeOutcome.failed(intentId, code == null ? "card_declined" : code, message(e));
    }

    /** Stripe refused the request itself (invalid, unauthorised): nothing was charged. */
    static ChargeOutcome refused(StripeException e) {
        return ChargeOutcome.failed(null, code(e), message(e));
    }

    static RefundOutcome refund(Refund refund) {
        return new RefundOutcome(refundState(refund.getStatus()), refund.getId(),
                refund.getFailureReason(), refund.getFailureReason() == null ? null : "Stripe could not refund: "
                        + refund.getFailureReason().replace('_', ' '));
    }

    static RefundOutcome refundRefused(StripeException e) {
        return new RefundOutcome(RefundState.FAILED, null, code(e), message(e));
    }

    static RefundState refundState(String status) {
        return switch (status == null ? "" : status) {
            case "succeeded" -> RefundState.SUCCEEDED;
            case "failed", "canceled" -> RefundState.FAILED;
            // pending, requires_action (the customer has to give bank details) and anything new: not final.
            default -> RefundState.PENDING;
        };
    }

    /**
     * The request's outcome is unknown or it may succeed when sent again: Stripe could not be reached,
     * limited our rate, or failed on its side (5xx, or a 409 while a request with the same idempotency
     * key is still running).
     */
    static boolean isTransient(StripeException e) {
        return e instanceof ApiConnectionException || e instanceof RateLimitException || e instanceof ApiException;
    }

    static ChargeOutcome failed(String intentId, StripeError error, String fallbackCode, String fallbackMessage) {
        if (error == null) {
            return ChargeOutcome.failed(intentId, fallbackCode, fallbackMessage);
        }
        return ChargeOutcome.failed(intentId, failureCode(error, fallbackCode), message(error, fallbackMessage));
    }

    /** A decline's reason ({@code insufficient_funds}) says more than its code ({@code card_declined}). */
    static String failureCode(StripeError error, String fallback) {
        if (error == null) {
            return fallback;
        }
        if (error.getDeclineCode() != null) {
            return error.getDeclineCode();
        }
        return error.getCode() != null ? error.getCode() : fallback;
    }

    static String message(StripeError error, String fallback) {
        return error != null && error.getMessage() != null ? error.getMessage() : fallback;
    }

    private static String code(StripeException e) {
        if (e.getCode() != null) {
            return e.getCode();
        }
        // A bad API key comes without a code; say what kind of refusal it was.
        if (e instanceof PermissionException) {
            return "permission_error";
        }
        if (e instanceof AuthenticationException) {
            return "authentication_error";
        }
        StripeError error = e.getStripeError();
        return error != null && error.getType() != null ? error.getType() : "stripe_error";
    }

    // StripeException.getMessage() appends the request ID and code for logs; people get Stripe's own words.
    private static String message(StripeException e) {
        StripeError error = e.getStripeError();
        return error != null && error.getMessage() != null ? error.getMessage() : e.getMessage();
    }
}
