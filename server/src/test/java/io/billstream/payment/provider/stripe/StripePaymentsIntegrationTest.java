package io.billstream.payment.provider.stripe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.Stripe;
import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole server charging through the Stripe adapter against a local stub of Stripe's HTTP API, and
 * taking Stripe-signed webhooks at /v1/providers/stripe/callbacks. A server of its own beside the shared
 * one of {@link IntegrationTest} (Stripe configured: another context), so its own database directory.
 */
// The same logging levels as the shared server (IntegrationTest): whichever context starts first
// configures logging for the JVM, and OperationsIntegrationTest reads the access log.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "logging.level.billstream.access=debug")
class StripePaymentsIntegrationTest {

    private static final StripeStub STUB = new StripeStub();
    private static final String WEBHOOK_SECRET = "whsec_test_stripe_end_to_end";
    // Its own server, so its own cluster: the shared one is held by the other integration tests' server.
    private static final Path DATA_DIRECTORY = Path.of("target", "it-postgres", "stripe-" + UUID.randomUUID());

    @DynamicPropertySource
    static void stripe(DynamicPropertyRegistry registry) {
        registry.add("billstream.db.embedded.data-directory", DATA_DIRECTORY::toString);
        registry.add("billstream.db.embedded.settings.fsync", () -> "off");
        registry.add("billstream.bootstrap-api-key", () -> IntegrationTest.OPERATOR_KEY);
        registry.add("billstream.payments.stripe.api-key", () -> "sk_test_end_to_end");
        registry.add("billstream.payments.stripe.api-base", STUB::baseUrl);
        registry.add("billstream.payments.stripe.webhook-secret", () -> WEBHOOK_SECRET);
        registry.add("billstream.payments.stripe.max-network-retries", () -> "0");
    }

    @Value("${local.server.port}")
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    @Test
    void aStripePaymentIsSettledByItsSignedWebhookOnceAndRefunded() {
        String key = created(api.post("/v1/tenants", IntegrationTest.OPERATOR_KEY, "{\"name\":\"Stripe\",\"slug\":\"stripe-"
                + UUID.randomUUID().toString().substring(0, 8) + "\"}")).get("admin_key").get("secret").asString();
        String customer = created(api.post("/v1/customers", key, "{\"external_id\":\"s-" + UUID.randomUUID()
                + "\",\"currency\":\"USD\"}")).get("id").asString();
        String invoice = created(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"auto_finalize\":true,"
                + "\"lines\":[{\"description\":\"Plan\",\"unit_price\":\"19.99\"}]}")).get("id").asString();
        created(api.post("/v1/customers/" + customer + "/payment-methods", key,
                "{\"provider\":\"stripe\",\"provider_token\":\"pm_card_visa\",\"type\":\"card\"}"));
        STUB.on("POST", "/v1/payment_intents", 200, StripeJson.paymentIntent("pi_3RstubIntent", "processing", "ignored"));

        JsonNode payment = created(api.post("/v1/payments", key, "{\"invoice\":\"" + invoice + "\"}", "Idempotency-Key",
                UUID.randomUUID().toString()));

        String paymentId = payment.get("id").asString();
        assertThat(payment.get("status").asString()).isEqualTo("processing");
        assertThat(payment.get("provider_transaction_id").asString()).isEqualTo("pi_3RstubIntent");
        StripeStub.Received sent = STUB.received().stream().filter(r -> r.path().equals("/v1/payment_intents")).findFirst().orElseThrow();
        assertThat(sent.form()).containsEntry("amount", "1999").containsEntry("currency", "usd")
                .containsEntry("payment_method", "pm_card_visa").containsEntry("confirm", "true").containsEntry("off_session", "true")
                .containsEntry("metadata[billstream_payment_id]", paymentId).containsEntry("metadata[billstream_invoice_id]", invoice);
        assertThat(sent.idempotencyKey()).isEqualTo(paymentId);
        assertThat(sent.authorization()).isEqualTo("Bearer sk_test_end_to_end");

        String succeeded = StripeJson.event("evt_" + UUID.randomUUID(), "payment_intent.succeeded", Stripe.API_VERSION,
                Instant.now().getEpochSecond(), StripeJson.paymentIntent("pi_3RstubIntent", "succeeded", paymentId));
        long now = Instant.now().getEpochSecond();
        ApiResponse forged = webhook(succeeded, "t=" + now + ",v1=" + sign(now, succeeded, "whsec_someone_else"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.field("code")).isEqualTo("invalid_callback");
        assertThat(ok(api.get("/v1/payments/" + paymentId, key)).get("status").asString()).isEqualTo("processing");

        ApiResponse accepted = webhook(succeeded, "t=" + now + ",v1=" + sign(now, succeeded, WEBHOOK_SECRET));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.field("outcome")).isEqualTo("applied");
        assertThat(ok(api.get("/v1/payments/" + paymentId, key)).get("status").asString()).isEqualTo("succeeded");
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("paid");
        assertThat(webhook(succeeded, "t=" + now + ",v1=" + sign(now, succeeded, WEBHOOK_SECRET)).field("outcome"))
                .isEqualTo("duplicate");
        // A late processing event after success changes nothing.
        String processing = StripeJson.event("evt_" + UUID.randomUUID(), "payment_intent.processing", Stripe.API_VERSION,
                Instant.now().getEpochSecond(), StripeJson.paymentIntent("pi_3RstubIntent", "processing", paymentId));
        assertThat(webhook(processing, "t=" + now + ",v1=" + sign(now, processing, WEBHOOK_SECRET)).field("outcome"))
                .isEqualTo("stale");
        assertThat(ok(api.get("/v1/billing-events?customer_id=" + customer + "&type=invoice.paid", key)).get("data")).hasSize(1);

        STUB.on("POST", "/v1/refunds", 200, StripeJson.refund("re_3RstubRefund", "succeeded", null, "ignored", paymentId));
        JsonNode refund = created(api.post("/v1/payments/" + paymentId + "/refunds", key, "{\"amount_minor\":500}"));
        assertThat(refund.get("status").asString()).isEqualTo("succeeded");
        assertThat(refund.get("provider_refund_id").asString()).isEqualTo("re_3RstubRefund");
        StripeStub.Received refundSent = STUB.last();
        assertThat(refundSent.path()).isEqualTo("/v1/refunds");
        assertThat(refundSent.form()).containsEntry("payment_intent", "pi_3RstubIntent").containsEntry("amount", "500");
        assertThat(refundSent.idempotencyKey()).isEqualTo(refund.get("id").asString());
    }

    private static JsonNode created(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static JsonNode ok(ApiResponse response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private ApiResponse webhook(String body, String signature) {
        return api.post("/v1/providers/stripe/callbacks", null, body, "Stripe-Signature", signature);
    }

    /** Stripe's scheme, computed independently: hex HMAC-SHA256 of "timestamp.body". */
    private static String sign(long timestamp, String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
