package io.billstream.payment.provider.stripe;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.Stripe;
import io.billstream.payment.provider.ChargeOutcome;
import io.billstream.payment.provider.ChargeOutcome.ChargeState;
import io.billstream.payment.provider.ChargeReference;
import io.billstream.payment.provider.ChargeRequest;
import io.billstream.payment.provider.InvalidCallbackException;
import io.billstream.payment.provider.ProviderCallback;
import io.billstream.payment.provider.ProviderNotConfiguredException;
import io.billstream.payment.provider.ProviderUnavailableException;
import io.billstream.payment.provider.RefundOutcome;
import io.billstream.payment.provider.RefundOutcome.RefundState;
import io.billstream.payment.provider.RefundRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.billstream.payment.provider.stripe.StripeJson.CREATED;
import static io.billstream.payment.provider.stripe.StripeJson.cardError;
import static io.billstream.payment.provider.stripe.StripeJson.error;
import static io.billstream.payment.provider.stripe.StripeJson.event;
import static io.billstream.payment.provider.stripe.StripeJson.lastPaymentError;
import static io.billstream.payment.provider.stripe.StripeJson.paymentIntent;
import static io.billstream.payment.provider.stripe.StripeJson.refund;
import static io.billstream.payment.provider.stripe.StripeJson.searchResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeProviderTest {

    private static final String API_KEY = "sk_test_stub0123456789";
    private static final String SECRET = "whsec_test_0123456789abcdef";
    private static final String PAYMENT_INTENTS = "/v1/payment_intents";

    private StripeStub stripe;
    private StripeProvider provider;

    @BeforeEach
    void start() {
        stripe = new StripeStub();
        provider = provider(0);
    }

    @AfterEach
    void stop() {
        stripe.close();
    }

    private StripeProvider provider(int maxNetworkRetries) {
        return new StripeProvider(new StripeProperties(API_KEY, SECRET, stripe.baseUrl(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), maxNetworkRetries));
    }

    private static ChargeRequest charge(String paymentId) {
        return charge(paymentId, "pm_card_visa", 1999, "USD");
    }

    private static ChargeRequest charge(String paymentId, String token, long amountMinor, String currency) {
        return new ChargeRequest(paymentId, "ten_1", "cus_billstream1", "inv_1", token, amountMinor, currency,
                "Invoice INV-0001");
    }

    @Nested
    class Charges {

        @Test
        void a_charge_is_a_payment_intent_confirmed_off_session_with_our_ids_under_the_payment_id_as_idempotency_key() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rsucceeded", "succeeded", "pay_1"));

            ChargeOutcome outcome = provider.charge(charge("pay_1"));

            assertThat(outcome).isEqualTo(ChargeOutcome.succeeded("pi_3Rsucceeded"));
            StripeStub.Received request = stripe.last();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo(PAYMENT_INTENTS);
            assertThat(request.idempotencyKey()).isEqualTo("pay_1");
            assertThat(request.authorization()).isEqualTo("Bearer " + API_KEY);
            assertThat(request.stripeVersion()).isEqualTo(Stripe.API_VERSION);
            assertThat(request.form()).containsEntry("amount", "1999")
                    .containsEntry("currency", "usd")
                    .containsEntry("confirm", "true")
                    .containsEntry("off_session", "true")
                    .containsEntry("payment_method", "pm_card_visa")
                    .containsEntry("automatic_payment_methods[enabled]", "true")
                    .containsEntry("automatic_payment_methods[allow_redirects]", "never")
                    .containsEntry("description", "Invoice INV-0001")
                    .containsEntry("metadata[billstream_payment_id]", "pay_1")
                    .containsEntry("metadata[billstream_tenant_id]", "ten_1")
                    .containsEntry("metadata[billstream_invoice_id]", "inv_1")
                    .doesNotContainKey("customer");
        }

        @Test
        void a_payment_method_saved_on_a_stripe_customer_is_sent_with_its_customer() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rcustomer", "succeeded", "pay_2"));

            provider.charge(charge("pay_2", "cus_Stripe123/pm_1Saved", 1999, "usd"));

            assertThat(stripe.last().form()).containsEntry("customer", "cus_Stripe123")
                    .containsEntry("payment_method", "pm_1Saved");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "succeeded, SUCCEEDED, ",
                "processing, PROCESSING, ",
                "requires_capture, PROCESSING, ",
                "canceled, CANCELED, abandoned",
                "requires_action, FAILED, authentication_required",
                "requires_confirmation, FAILED, authentication_required",
        })
        void each_payment_intent_status_maps_to_a_charge_state(String status, ChargeState state, String failureCode) {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rstatus", status, "pay_3"));

            ChargeOutcome outcome = provider.charge(charge("pay_3"));

            assertThat(outcome.state()).isEqualTo(state);
            assertThat(outcome.providerTransactionId()).isEqualTo("pi_3Rstatus");
            assertThat(outcome.failureCode()).isEqualTo(failureCode);
        }

        @Test
        void requires_payment_method_is_a_failure_with_the_last_errors_decline_code_and_message() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rdeclined", "requires_payment_method", "pay_4",
                    lastPaymentError("card_declined", "do_not_honor", "Your card was declined.")));

            ChargeOutcome outcome = provider.charge(charge("pay_4"));

            assertThat(outcome).isEqualTo(ChargeOutcome.failed("pi_3Rdeclined", "do_not_honor", "Your card was declined."));
        }

        @Test
        void a_card_decline_is_a_failure_with_the_decline_code_message_and_the_payment_intent_from_the_error() {
            stripe.on("POST", PAYMENT_INTENTS, 402, cardError("card_declined", "insufficient_funds",
                    "Your card has insufficient funds.", "pi_3Rinsufficient", "pay_5"));

            ChargeOutcome outcome = provider.charge(charge("pay_5"));

            assertThat(outcome).isEqualTo(ChargeOutcome.failed("pi_3Rinsufficient", "insufficient_funds",
                    "Your card has insufficient funds."));
        }

        @Test
        void a_card_that_asks_for_3d_secure_off_session_fails_as_authentication_required() {
            stripe.on("POST", PAYMENT_INTENTS, 402, cardError("authentication_required", null,
                    "Your card was declined. This transaction requires authentication.", "pi_3Rauth", "pay_6"));

            ChargeOutcome outcome = provider.charge(charge("pay_6"));

            assertThat(outcome.state()).isEqualTo(ChargeState.FAILED);
            assertThat(outcome.failureCode()).isEqualTo("authentication_required");
            assertThat(outcome.providerTransactionId()).isEqualTo("pi_3Rauth");
        }

        @Test
        void a_server_error_leaves_the_outcome_unknown() {
            stripe.on("POST", PAYMENT_INTENTS, 500, error("api_error", null, null, "Something went wrong on Stripe's end."));

            assertThatThrownBy(() -> provider.charge(charge("pay_7"))).isInstanceOf(ProviderUnavailableException.class);
            assertThat(stripe.received()).hasSize(1);
        }

        @Test
        void stripe_java_retries_a_server_error_itself_under_the_same_idempotency_key() {
            stripe.on("POST", PAYMENT_INTENTS, 503, error("api_error", null, null, "Service unavailable."))
                    .on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rretried", "succeeded", "pay_8"));

            ChargeOutcome outcome = provider(1).charge(charge("pay_8"));

            assertThat(outcome).isEqualTo(ChargeOutcome.succeeded("pi_3Rretried"));
            assertThat(stripe.received()).extracting(StripeStub.Received::idempotencyKey).containsExactly("pay_8", "pay_8");
        }

        @Test
        void rate_limiting_leaves_the_outcome_unknown() {
            stripe.on("POST", PAYMENT_INTENTS, 429, error("invalid_request_error", "rate_limit", null,
                    "Too many requests hit the API too quickly."));

            assertThatThrownBy(() -> provider.charge(charge("pay_9"))).isInstanceOf(ProviderUnavailableException.class);
        }

        @Test
        void stripe_out_of_reach_leaves_the_outcome_unknown() throws IOException {
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            var unreachable = new StripeProvider(new StripeProperties(API_KEY, SECRET, "http://127.0.0.1:" + closedPort, null,
                    Duration.ofSeconds(1), Duration.ofSeconds(1), 0));

            assertThatThrownBy(() -> unreachable.charge(charge("pay_10"))).isInstanceOf(ProviderUnavailableException.class);
        }

        @Test
        void an_invalid_request_is_a_failure_with_stripes_code_and_message() {
            stripe.on("POST", PAYMENT_INTENTS, 400, error("invalid_request_error", "resource_missing", "payment_method",
                    "No such PaymentMethod: 'pm_gone'"));

            ChargeOutcome outcome = provider.charge(charge("pay_11", "pm_gone", 1999, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.failed(null, "resource_missing", "No such PaymentMethod: 'pm_gone'"));
        }

        @Test
        void a_refused_api_key_is_a_failure_named_as_such() {
            stripe.on("POST", PAYMENT_INTENTS, 401, error("invalid_request_error", null, null,
                    "Invalid API Key provided: sk_test_****6789"));

            ChargeOutcome outcome = provider.charge(charge("pay_12"));

            assertThat(outcome.state()).isEqualTo(ChargeState.FAILED);
            assertThat(outcome.failureCode()).isEqualTo("authentication_error");
            assertThat(outcome.failureMessage()).startsWith("Invalid API Key provided");
        }

        @Test
        void charging_the_same_payment_again_sends_the_same_idempotency_key_and_gets_the_same_payment_intent() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Roriginal", "succeeded", "pay_13"))
                    .on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rsecond", "succeeded", "pay_13"));

            ChargeOutcome first = provider.charge(charge("pay_13"));
            ChargeOutcome again = provider.charge(charge("pay_13"));

            assertThat(stripe.received()).extracting(StripeStub.Received::idempotencyKey).containsExactly("pay_13", "pay_13");
            assertThat(stripe.received().get(1).form()).isEqualTo(stripe.received().get(0).form());
            assertThat(again).isEqualTo(first).isEqualTo(ChargeOutcome.succeeded("pi_3Roriginal"));
        }

        @Test
        void a_key_already_used_with_other_parameters_is_settled_by_the_payment_intent_stripe_holds() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rfirst", "processing", "pay_14"))
                    .on("GET", PAYMENT_INTENTS + "/search", 200,
                            searchResult(paymentIntent("pi_3Rfirst", "succeeded", "pay_14")));
            provider.charge(charge("pay_14"));

            ChargeOutcome outcome = provider.charge(charge("pay_14", "pm_card_visa", 2500, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.succeeded("pi_3Rfirst"));
            assertThat(stripe.last().query()).containsEntry("query", "metadata['billstream_payment_id']:'pay_14'");
        }

        @Test
        void amounts_are_sent_in_stripes_unit_for_the_currency() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rcurrency", "succeeded", "pay_15"));

            provider.charge(charge("pay_15a", "pm_card_visa", 500, "JPY"));
            provider.charge(charge("pay_15b", "pm_card_visa", 5, "ISK"));
            provider.charge(charge("pay_15c", "pm_card_visa", 120000, "MGA"));
            provider.charge(charge("pay_15d", "pm_card_visa", 12340, "KWD"));

            assertThat(stripe.received()).extracting(r -> r.form().get("currency") + " " + r.form().get("amount"))
                    .containsExactly("jpy 500", "isk 500", "mga 1200", "kwd 12340");
        }

        @Test
        void an_amount_stripe_cannot_express_fails_without_asking_stripe() {
            ChargeOutcome outcome = provider.charge(charge("pay_16", "pm_card_visa", 12345, "KWD"));

            assertThat(outcome.state()).isEqualTo(ChargeState.FAILED);
            assertThat(outcome.failureCode()).isEqualTo("amount_not_supported");
            assertThat(stripe.received()).isEmpty();
        }
    }

    @Nested
    class Retrieval {

        @Test
        void a_known_payment_intent_is_retrieved_by_its_id() {
            stripe.on("GET", PAYMENT_INTENTS + "/pi_3Rknown", 200, paymentIntent("pi_3Rknown", "succeeded", "pay_20"));

            ChargeOutcome outcome = provider.retrieve(new ChargeReference("pay_20", "pi_3Rknown", "pm_card_visa", 1999, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.succeeded("pi_3Rknown"));
            assertThat(stripe.received()).singleElement().satisfies(request -> {
                assertThat(request.method()).isEqualTo("GET");
                assertThat(request.path()).isEqualTo(PAYMENT_INTENTS + "/pi_3Rknown");
            });
        }

        @Test
        void a_payment_intent_that_declined_later_is_read_as_failed() {
            stripe.on("GET", PAYMENT_INTENTS + "/pi_3Rlater", 200, paymentIntent("pi_3Rlater", "requires_payment_method",
                    "pay_21", lastPaymentError("card_declined", "expired_card", "Your card has expired.")));

            ChargeOutcome outcome = provider.retrieve(new ChargeReference("pay_21", "pi_3Rlater", "pm_card_visa", 1999, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.failed("pi_3Rlater", "expired_card", "Your card has expired."));
        }

        @Test
        void without_its_id_the_payment_intent_is_found_by_the_payment_id_in_its_metadata() {
            stripe.on("GET", PAYMENT_INTENTS + "/search", 200,
                    searchResult(paymentIntent("pi_3Rfound", "processing", "pay_22")));

            ChargeOutcome outcome = provider.retrieve(new ChargeReference("pay_22", null, "pm_card_visa", 1999, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.processing("pi_3Rfound"));
            assertThat(stripe.received()).singleElement().satisfies(request ->
                    assertThat(request.query()).containsEntry("query", "metadata['billstream_payment_id']:'pay_22'"));
        }

        @Test
        void a_charge_stripe_never_received_is_sent_again_under_the_payment_id() {
            stripe.on("GET", PAYMENT_INTENTS + "/search", 200, searchResult())
                    .on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rresent", "succeeded", "pay_23"));

            ChargeOutcome outcome = provider.retrieve(new ChargeReference("pay_23", null, "pm_card_visa", 1999, "USD"));

            assertThat(outcome).isEqualTo(ChargeOutcome.succeeded("pi_3Rresent"));
            assertThat(stripe.last().idempotencyKey()).isEqualTo("pay_23");
            assertThat(stripe.last().form()).containsEntry("amount", "1999").containsEntry("confirm", "true")
                    .containsEntry("metadata[billstream_payment_id]", "pay_23");
        }

        @Test
        void a_charge_stripe_has_but_cannot_find_yet_stays_unknown_and_is_not_charged_twice() {
            stripe.on("POST", PAYMENT_INTENTS, 200, paymentIntent("pi_3Rlagging", "succeeded", "pay_24"))
                    .on("GET", PAYMENT_INTENTS + "/search", 200, searchResult());
            provider.charge(charge("pay_24"));

            assertThatThrownBy(() -> provider.retrieve(new ChargeReference("pay_24", null, "pm_card_visa", 1999, "USD")))
                    .isInstanceOf(ProviderUnavailableException.class);
            assertThat(stripe.received()).filteredOn(r -> r.method().equals("POST")).hasSize(2)
                    .extracting(StripeStub.Received::idempotencyKey).containsOnly("pay_24");
        }

        @Test
        void a_server_error_while_retrieving_leaves_the_outcome_unknown() {
            stripe.on("GET", PAYMENT_INTENTS + "/pi_3Rbusy", 502, error("api_error", null, null, "Bad gateway."));

            assertThatThrownBy(() -> provider.retrieve(new ChargeReference("pay_25", "pi_3Rbusy", "pm_card_visa", 1999, "USD")))
                    .isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Nested
    class Refunds {

        private static RefundRequest refundRequest(String refundId) {
            return new RefundRequest(refundId, "pay_30", "pi_3RstubIntent", "pm_card_visa", 500, "USD", "requested_by_customer");
        }

        @Test
        void a_refund_is_created_on_the_payment_intent_under_the_refund_id_as_idempotency_key() {
            stripe.on("POST", "/v1/refunds", 200, refund("re_3Rsucceeded", "succeeded", null, "ref_1", "pay_30"));

            RefundOutcome outcome = provider.refund(refundRequest("ref_1"));

            assertThat(outcome).isEqualTo(new RefundOutcome(RefundState.SUCCEEDED, "re_3Rsucceeded", null, null));
            StripeStub.Received request = stripe.last();
            assertThat(request.idempotencyKey()).isEqualTo("ref_1");
            assertThat(request.form()).containsEntry("payment_intent", "pi_3RstubIntent")
                    .containsEntry("amount", "500")
                    .containsEntry("metadata[billstream_refund_id]", "ref_1")
                    .containsEntry("metadata[billstream_payment_id]", "pay_30")
                    .containsEntry("metadata[billstream_reason]", "requested_by_customer");
        }

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource({
                "succeeded, SUCCEEDED, ",
                "pending, PENDING, ",
                "requires_action, PENDING, ",
                "failed, FAILED, expired_or_canceled_card",
                "canceled, FAILED, ",
        })
        void each_refund_status_maps_to_a_refund_state(String status, RefundState state, String failureReason) {
            stripe.on("POST", "/v1/refunds", 200, refund("re_3Rstatus", status, failureReason, "ref_2", "pay_30"));

            RefundOutcome outcome = provider.refund(refundRequest("ref_2"));

            assertThat(outcome.state()).isEqualTo(state);
            assertThat(outcome.providerRefundId()).isEqualTo("re_3Rstatus");
            assertThat(outcome.failureCode()).isEqualTo(failureReason);
        }

        @Test
        void a_refund_stripe_refuses_fails_with_its_code() {
            stripe.on("POST", "/v1/refunds", 400, error("invalid_request_error", "charge_already_refunded", null,
                    "Charge ch_3RstubCharge has already been refunded."));

            RefundOutcome outcome = provider.refund(refundRequest("ref_3"));

            assertThat(outcome).isEqualTo(new RefundOutcome(RefundState.FAILED, null, "charge_already_refunded",
                    "Charge ch_3RstubCharge has already been refunded."));
        }

        @Test
        void a_server_error_while_refunding_leaves_the_outcome_unknown() {
            stripe.on("POST", "/v1/refunds", 500, error("api_error", null, null, "Something went wrong on Stripe's end."));

            assertThatThrownBy(() -> provider.refund(refundRequest("ref_4"))).isInstanceOf(ProviderUnavailableException.class);
        }
    }

    @Nested
    class Callbacks {

        private static final Instant NOW = Instant.ofEpochSecond(CREATED + 10);

        private static Map<String, String> signed(String payload, String secret, long timestamp) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                byte[] signature = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
                return Map.of("stripe-signature", "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(signature));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private ProviderCallback verify(String payload) {
            return provider.verify(bytes(payload), signed(payload, SECRET, NOW.getEpochSecond() - 5), NOW);
        }

        private static byte[] bytes(String payload) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }

        private static String intentEvent(String type, String status, String lastPaymentError) {
            return event("evt_1Intent", type, Stripe.API_VERSION, CREATED,
                    paymentIntent("pi_3Rhook", status, "pay_40", lastPaymentError));
        }

        @Test
        void a_signed_succeeded_event_is_read_into_a_charge_callback() {
            ProviderCallback callback = verify(intentEvent("payment_intent.succeeded", "succeeded", "null"));

            assertThat(callback).isEqualTo(new ProviderCallback("evt_1Intent", "payment_intent.succeeded", "pi_3Rhook", "pay_40",
                    ChargeState.SUCCEEDED, null, null, null, null, Instant.ofEpochSecond(CREATED)));
        }

        @Test
        void a_payment_failed_event_carries_the_decline_code_and_message() {
            ProviderCallback callback = verify(intentEvent("payment_intent.payment_failed", "requires_payment_method",
                    lastPaymentError("card_declined", "insufficient_funds", "Your card has insufficient funds.")));

            assertThat(callback.charge()).isEqualTo(ChargeState.FAILED);
            assertThat(callback.failureCode()).isEqualTo("insufficient_funds");
            assertThat(callback.failureMessage()).isEqualTo("Your card has insufficient funds.");
            assertThat(callback.providerTransactionId()).isEqualTo("pi_3Rhook");
            assertThat(callback.paymentId()).isEqualTo("pay_40");
        }

        @Test
        void processing_and_canceled_events_carry_their_states() {
            assertThat(verify(intentEvent("payment_intent.processing", "processing", "null")).charge())
                    .isEqualTo(ChargeState.PROCESSING);
            ProviderCallback canceled = verify(intentEvent("payment_intent.canceled", "canceled", "null"));
            assertThat(canceled.charge()).isEqualTo(ChargeState.CANCELED);
            assertThat(canceled.failureCode()).isEqualTo("abandoned");
        }

        @Test
        void an_event_from_an_endpoint_on_another_api_version_is_still_read() {
            String payload = event("evt_1Old", "payment_intent.succeeded", "2024-06-20", CREATED,
                    paymentIntent("pi_3Rold", "succeeded", "pay_41"));

            ProviderCallback callback = verify(payload);

            assertThat(callback.charge()).isEqualTo(ChargeState.SUCCEEDED);
            assertThat(callback.providerTransactionId()).isEqualTo("pi_3Rold");
            assertThat(callback.paymentId()).isEqualTo("pay_41");
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource({
                "refund.created, pending, , PENDING",
                "refund.updated, succeeded, , SUCCEEDED",
                "refund.failed, failed, insufficient_funds, FAILED",
                "charge.refund.updated, canceled, , FAILED",
        })
        void refund_events_carry_the_refund_and_its_state(String type, String status, String failureReason, RefundState state) {
            String payload = event("evt_1Refund", type, Stripe.API_VERSION, CREATED,
                    refund("re_3Rhook", status, failureReason, "ref_40", "pay_40"));

            ProviderCallback callback = verify(payload);

            assertThat(callback.providerRefundId()).isEqualTo("re_3Rhook");
            assertThat(callback.refund()).isEqualTo(state);
            assertThat(callback.failureCode()).isEqualTo(failureReason);
            assertThat(callback.providerTransactionId()).isEqualTo("pi_3RstubIntent");
            assertThat(callback.paymentId()).isEqualTo("pay_40");
            assertThat(callback.charge()).isNull();
        }

        @Test
        void a_charge_refunded_event_without_the_refunds_list_changes_nothing() {
            String charge = """
                    {"id": "ch_3RstubCharge", "object": "charge", "amount": 1999, "amount_refunded": 500, "currency": "usd",
                     "payment_intent": "pi_3RstubIntent", "refunded": false, "status": "succeeded", "metadata": {}}""";

            ProviderCallback callback = verify(event("evt_1Charge", "charge.refunded", Stripe.API_VERSION, CREATED, charge));

            assertThat(callback.providerTransactionId()).isEqualTo("pi_3RstubIntent");
            assertThat(callback.refund()).isNull();
            assertThat(callback.charge()).isNull();
        }

        @Test
        void an_event_of_another_type_is_acknowledged_with_no_state() {
            String payload = event("evt_1Customer", "customer.created", Stripe.API_VERSION, CREATED,
                    "{\"id\": \"cus_Stripe123\", \"object\": \"customer\", \"email\": \"ada@example.com\"}");

            assertThat(verify(payload)).isEqualTo(new ProviderCallback("evt_1Customer", "customer.created", null, null, null,
                    null, null, null, null, Instant.ofEpochSecond(CREATED)));
        }

        @Test
        void a_tampered_body_is_rejected() {
            String payload = intentEvent("payment_intent.payment_failed", "requires_payment_method", "null");
            Map<String, String> headers = signed(payload, SECRET, NOW.getEpochSecond());
            String tampered = payload.replace("payment_intent.payment_failed", "payment_intent.succeeded");

            assertThatThrownBy(() -> provider.verify(bytes(tampered), headers, NOW)).isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void a_body_signed_with_another_secret_is_rejected() {
            String payload = intentEvent("payment_intent.succeeded", "succeeded", "null");

            assertThatThrownBy(() -> provider.verify(bytes(payload), signed(payload, "whsec_someone_else", NOW.getEpochSecond()),
                    NOW)).isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void a_signature_older_than_the_tolerance_at_the_given_now_is_rejected() {
            String payload = intentEvent("payment_intent.succeeded", "succeeded", "null");
            long fiveMinutesAndASecondAgo = NOW.getEpochSecond() - 301;

            assertThatThrownBy(() -> provider.verify(bytes(payload), signed(payload, SECRET, fiveMinutesAndASecondAgo), NOW))
                    .isInstanceOf(InvalidCallbackException.class).hasMessageContaining("tolerance");
            assertThat(provider.verify(bytes(payload), signed(payload, SECRET, NOW.getEpochSecond() - 299), NOW).charge())
                    .isEqualTo(ChargeState.SUCCEEDED);
        }

        @Test
        void staleness_is_judged_by_the_given_now_not_the_system_clock() {
            // Signed in 2026 and received 10 s later: fresh for the injected clock, whatever the machine's says.
            String payload = intentEvent("payment_intent.succeeded", "succeeded", "null");
            Map<String, String> headers = signed(payload, SECRET, CREATED);

            assertThat(provider.verify(bytes(payload), headers, Instant.ofEpochSecond(CREATED + 10)).charge())
                    .isEqualTo(ChargeState.SUCCEEDED);
            assertThatThrownBy(() -> provider.verify(bytes(payload), headers, Instant.ofEpochSecond(CREATED + 3600)))
                    .isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void the_tolerance_is_configurable() {
            var strict = new StripeProvider(new StripeProperties(API_KEY, SECRET, stripe.baseUrl(), Duration.ofSeconds(30),
                    null, null, 0));
            String payload = intentEvent("payment_intent.succeeded", "succeeded", "null");

            assertThatThrownBy(() -> strict.verify(bytes(payload), signed(payload, SECRET, NOW.getEpochSecond() - 31), NOW))
                    .isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void a_missing_or_malformed_signature_header_is_rejected() {
            String payload = intentEvent("payment_intent.succeeded", "succeeded", "null");

            assertThatThrownBy(() -> provider.verify(bytes(payload), Map.of(), NOW))
                    .isInstanceOf(InvalidCallbackException.class).hasMessageContaining("stripe-signature");
            assertThatThrownBy(() -> provider.verify(bytes(payload), Map.of("stripe-signature", "t=soon,v1=abc"), NOW))
                    .isInstanceOf(InvalidCallbackException.class);
            assertThatThrownBy(() -> provider.verify(bytes(payload), Map.of("stripe-signature", "v1=abc"), NOW))
                    .isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void a_signed_body_that_is_not_an_event_is_rejected() {
            assertThatThrownBy(() -> verify("not json at all")).isInstanceOf(InvalidCallbackException.class);
            assertThatThrownBy(() -> verify("{\"id\": \"evt_1\"}")).isInstanceOf(InvalidCallbackException.class);
        }

        @Test
        void an_event_whose_object_is_not_what_its_type_says_is_rejected() {
            String payload = event("evt_1Odd", "payment_intent.succeeded", Stripe.API_VERSION, CREATED,
                    refund("re_3Rodd", "succeeded", null, "ref_41", "pay_41"));

            assertThatThrownBy(() -> verify(payload)).isInstanceOf(InvalidCallbackException.class);
        }
    }

    @Nested
    class Unconfigured {

        @Test
        void without_an_api_key_no_call_reaches_stripe() {
            var unconfigured = new StripeProvider(StripeProperties.of(null, SECRET, stripe.baseUrl()));

            assertThatThrownBy(() -> unconfigured.charge(charge("pay_50"))).isInstanceOf(ProviderNotConfiguredException.class)
                    .hasMessageContaining("billstream.payments.stripe.api-key");
            assertThatThrownBy(() -> unconfigured.retrieve(new ChargeReference("pay_50", "pi_1", "pm_1", 100, "USD")))
                    .isInstanceOf(ProviderNotConfiguredException.class);
            assertThatThrownBy(() -> unconfigured.refund(new RefundRequest("ref_50", "pay_50", "pi_1", "pm_1", 100, "USD", null)))
                    .isInstanceOf(ProviderNotConfiguredException.class);
            assertThat(stripe.received()).isEmpty();
        }

        @Test
        void without_a_webhook_secret_no_callback_is_accepted() {
            var unconfigured = new StripeProvider(StripeProperties.of(API_KEY, null, stripe.baseUrl()));

            assertThatThrownBy(() -> unconfigured.verify(bytes("{}"), Map.of("stripe-signature", "t=1,v1=00"), Instant.EPOCH))
                    .isInstanceOf(ProviderNotConfiguredException.class)
                    .hasMessageContaining("billstream.payments.stripe.webhook-secret");
        }

        private static byte[] bytes(String payload) {
            return payload.getBytes(StandardCharsets.UTF_8);
        }
    }
}
