package io.billstream.payment.provider.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeReference;
import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.InvalidCallbackException;
import io.billstream.payment.provider.PaymentProvider;
import io.billstream.payment.provider.ProviderCallback;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundRequest;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A built-in provider for development and tests, deterministic by payment-method token:
 * <ul>
 *   <li>{@code sandbox_success...}: charged at once;</li>
 *   <li>{@code sandbox_decline_<code>}: declined with that code ({@code sandbox_decline_insufficient_funds});</li>
 *   <li>{@code sandbox_async_success} / {@code sandbox_async_failure}: {@code processing}, settled later by a
 *       callback, or by the reconciler asking (then succeeded, or failed with {@code debit_not_authorized});</li>
 *   <li>{@code sandbox_unavailable}: the provider cannot be reached (the payment is sent again later);</li>
 *   <li>anything else: declined with {@code invalid_payment_method}.</li>
 * </ul>
 * Refunds succeed, unless the token ends in {@code _refund_fails}. Transaction IDs derive from our IDs,
 * so sending the same payment twice gives the same transaction. Callbacks are JSON signed like
 * Stripe's ({@code billstream-sandbox-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}) and
 * verified with stripe-java's own verifier.
 */
@Component
class SandboxProvider implements PaymentProvider {

    static final String SIGNATURE_HEADER = "billstream-sandbox-signature";
    private static final Pattern DECLINE = Pattern.compile("sandbox_decline_([a-z][a-z_]{0,60})");

    private final String secret;
    private final long toleranceSeconds;
    private final JsonMapper json;

    SandboxProvider(SandboxProperties properties, JsonMapper json) {
        this.secret = properties.callbackSecret() == null || properties.callbackSecret().isBlank() ? randomSecret()
                : properties.callbackSecret();
        this.toleranceSeconds = properties.tolerance().toSeconds();
        this.json = json;
    }

    @Override
    public String name() {
        return "sandbox";
    }

    @Override
    public ChargeOutcome charge(ChargeRequest request) {
        String token = request.paymentMethodToken() == null ? "" : request.paymentMethodToken();
        String transaction = "sbx_" + request.paymentId();
        if (token.startsWith("sandbox_success")) {
            return ChargeOutcome.succeeded(transaction);
        }
        if (token.equals("sandbox_async_success") || token.equals("sandbox_async_failure")) {
            return ChargeOutcome.processing(transaction);
        }
        if (token.equals("sandbox_unavailable")) {
            throw new ProviderUnavailableException("Sandbox: simulated outage for token sandbox_unavailable", null);
        }
        var decline = DECLINE.matcher(token);
        if (decline.matches()) {
            return ChargeOutcome.failed(transaction, decline.group(1), "Sandbox: the card was declined (" + decline.group(1) + ")");
        }
        return ChargeOutcome.failed(transaction, "invalid_payment_method", "Sandbox: '" + token + "' is not a sandbox test token");
    }

    @Override
    public ChargeOutcome retrieve(ChargeReference reference) {
        String transaction = "sbx_" + reference.paymentId();
        return switch (reference.paymentMethodToken() == null ? "" : reference.paymentMethodToken()) {
            case "sandbox_async_success" -> ChargeOutcome.succeeded(transaction);
            case "sandbox_async_failure" -> ChargeOutcome.failed(transaction, "debit_not_authorized",
                    "Sandbox: the bank refused the debit");
            default -> charge(new ChargeRequest(reference.paymentId(), null, null, null, reference.paymentMethodToken(),
                    reference.amountMinor(), reference.currency(), null));
        };
    }

    @Override
    public RefundOutcome refund(RefundRequest request) {
        String id = "sbxre_" + request.refundId();
        if (request.paymentMethodToken() != null && request.paymentMethodToken().endsWith("_refund_fails")) {
            return new RefundOutcome(RefundOutcome.RefundState.FAILED, id, "refund_declined", "Sandbox: the refund was declined");
        }
        return new RefundOutcome(RefundOutcome.RefundState.SUCCEEDED, id, null, null);
    }

    @Override
    public ProviderCallback verify(byte[] body, Map<String, String> headers, Instant now) {
        String payload = new String(body, StandardCharsets.UTF_8);
        String signature = headers.get(SIGNATURE_HEADER);
        if (signature == null) {
            throw new InvalidCallbackException("The " + SIGNATURE_HEADER + " header is missing");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signature, secret, toleranceSeconds, Clock.fixed(now, ZoneOffset.UTC));
        } catch (SignatureVerificationException e) {
            throw new InvalidCallbackException("The " + SIGNATURE_HEADER + " header does not verify: " + e.getMessage(), e);
        }
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (JacksonException e) {
            throw new InvalidCallbackException("The callback body is not JSON", e);
        }
        String id = text(event, "id");
        String type = text(event, "type");
        if (id == null || type == null || !event.path("created").canConvertToLong()) {
            throw new InvalidCallbackException("A sandbox callback needs id, type and created");
        }
        ChargeOutcome.ChargeState charge = switch (type) {
            case "charge.processing" -> ChargeOutcome.ChargeState.PROCESSING;
            case "charge.succeeded" -> ChargeOutcome.ChargeState.SUCCEEDED;
            case "charge.failed" -> ChargeOutcome.ChargeState.FAILED;
            case "charge.canceled" -> ChargeOutcome.ChargeState.CANCELED;
            default -> null;
        };
        RefundOutcome.RefundState refund = switch (type) {
            case "refund.succeeded" -> RefundOutcome.RefundState.SUCCEEDED;
            case "refund.failed" -> RefundOutcome.RefundState.FAILED;
            default -> null;
        };
        return new ProviderCallback(id, type, text(event, "transaction_id"), text(event, "payment_id"), charge, text(event, "refund_id"),
                refund, text(event, "failure_code"), text(event, "failure_message"),
                Instant.ofEpochSecond(event.path("created").asLong()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + HexFormat.of().formatHex(bytes);
    }
}
