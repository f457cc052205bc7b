package io.billstream.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payments over real HTTP with the sandbox and manual providers: the state machine, partial and
 * over-payment, auto-collection, idempotent creation, refunds with their credit notes, and provider
 * callbacks (forged, stale, replayed, out of order).
 */
class PaymentsIntegrationTest extends BillingIntegrationTest {

    @Autowired
    @Qualifier("migrationDataSource")
    DataSource ownerDataSource;

    String key;

    @BeforeEach
    void tenant() {
        key = newTenant().adminKey();
    }

    @Test
    void aSandboxPaymentSettlesTheInvoiceAndAnIdempotencyKeyIsRequired() {
        String customer = customer();
        String invoice = invoice(customer, "120.00");
        String method = attach(customer, "sandbox", "sandbox_success", true);

        ApiResponse withoutKey = api.post("/v1/payments", key, "{\"invoice\":\"" + invoice + "\"}");
        assertThat(withoutKey.status()).isEqualTo(400);
        assertThat(withoutKey.field("code")).isEqualTo("idempotency_key_required");
        assertThat(withoutKey.field("param")).isEqualTo("Idempotency-Key");

        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\"}");
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");
        assertThat(payment.get("amount_minor").asLong()).isEqualTo(12000);
        assertThat(payment.get("applied_minor").asLong()).isEqualTo(12000);
        assertThat(payment.get("payment_method_id").asString()).isEqualTo(method);
        assertThat(payment.get("provider").asString()).isEqualTo("sandbox");
        assertThat(payment.get("provider_transaction_id").asString()).isEqualTo("sbx_" + payment.get("id").asString());
        JsonNode paid = ok(api.get("/v1/invoices/" + invoice, key));
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(12000);
        assertThat(paid.get("amount_due_minor").asLong()).isZero();
        assertThat(eventTypes(key, customer)).containsSubsequence("invoice.finalized", "payment.created", "payment.succeeded",
                "invoice.paid");

        ApiResponse again = api.post("/v1/payments", key, "{\"invoice\":\"" + invoice + "\"}", "Idempotency-Key", "another");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.field("code")).isEqualTo("invoice_not_payable");
    }

    @Test
    void aDeclineIsAFailedPaymentAndTheInvoiceStaysOpen() {
        String customer = customer();
        String invoice = invoice(customer, "10.00");
        attach(customer, "sandbox", "sandbox_decline_insufficient_funds", true);

        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\"}");

        assertThat(payment.get("status").asString()).isEqualTo("failed");
        assertThat(payment.get("failure_code").asString()).isEqualTo("insufficient_funds");
        assertThat(payment.get("failed_at").isNull()).isFalse();
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("finalized");
        assertThat(eventTypes(key, customer)).contains("payment.failed").doesNotContain("payment.succeeded", "invoice.paid");
    }

    @Test
    void partialPaymentsThenAnOverpaymentToTheCreditBalance() {
        String customer = customer();
        String invoice = invoice(customer, "100.00");
        attach(customer, "sandbox", "sandbox_success", true);

        // 100.00 due: 30.00, then 50.00 leave 20.00; 25.00 pays it and puts 5.00 on the balance.
        assertThat(pay("{\"invoice\":\"" + invoice + "\",\"amount_minor\":3000}").get("applied_minor").asLong()).isEqualTo(3000);
        JsonNode afterTwo = null;
        pay("{\"invoice\":\"" + invoice + "\",\"amount_minor\":5000}");
        afterTwo = ok(api.get("/v1/invoices/" + invoice, key));
        assertThat(afterTwo.get("status").asString()).isEqualTo("finalized");
        assertThat(afterTwo.get("amount_paid_minor").asLong()).isEqualTo(8000);
        assertThat(afterTwo.get("amount_due_minor").asLong()).isEqualTo(2000);

        JsonNode last = pay("{\"invoice\":\"" + invoice + "\",\"amount_minor\":2500}");
        assertThat(last.get("applied_minor").asLong()).isEqualTo(2000);
        assertThat(last.get("overpaid_minor").asLong()).isEqualTo(500);
        JsonNode paid = ok(api.get("/v1/invoices/" + invoice, key));
        assertThat(paid.get("status").asString()).isEqualTo("paid");
        assertThat(paid.get("amount_paid_minor").asLong()).isEqualTo(10000);
        JsonNode balance = ok(api.get("/v1/customers/" + customer + "/credit-balance", key));
        assertThat(balance.toString()).contains("\"balance_minor\":500");
        assertThat(eventTypes(key, customer).stream().filter("invoice.paid"::equals)).hasSize(1);
    }

    @Test
    void manualPaymentsAreRecordedWithTheirReferenceOnce() {
        String customer = customer();
        String invoice = invoice(customer, "40.00");

        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\",\"provider\":\"manual\",\"reference\":\"BANK-2026-0042\"}");
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");
        assertThat(payment.get("provider").asString()).isEqualTo("manual");
        assertThat(payment.get("provider_transaction_id").asString()).isEqualTo("BANK-2026-0042");
        assertThat(payment.get("payment_method_id").isNull()).isTrue();

        String second = invoice(customer, "5.00");
        ApiResponse duplicate = api.post("/v1/payments", key, "{\"invoice\":\"" + second + "\",\"provider\":\"manual\","
                + "\"reference\":\"BANK-2026-0042\"}", "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.field("code")).isEqualTo("duplicate_reference");
        assertThat(ok(api.get("/v1/payments?invoice=" + second, key)).get("data")).isEmpty();
    }

    @Test
    void badRequestsNameTheField() {
        String customer = customer();
        String invoice = invoice(customer, "40.00");
        assertInvalid("{}", "invoice");
        assertInvalid("{\"invoice\":\"inv_nope\"}", "invoice");
        assertInvalid("{\"invoice\":\"" + invoice + "\"}", "payment_method");
        assertInvalid("{\"invoice\":\"" + invoice + "\",\"provider\":\"manual\",\"amount_minor\":0}", "amount_minor");
        assertInvalid("{\"invoice\":\"" + invoice + "\",\"provider\":\"manual\",\"currency\":\"EUR\"}", "currency");
        assertInvalid("{\"invoice\":\"" + invoice + "\",\"payment_method\":\"pm_nope\"}", "payment_method");
        assertInvalid("{\"invoice\":\"" + invoice + "\",\"provider\":\"paypal\"}", "provider");
        ApiResponse unknown = api.post("/v1/payments", key, "{\"invoice\":\"" + invoice + "\",\"colour\":\"red\"}",
                "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field("param")).isEqualTo("colour");
        assertThat(ok(api.get("/v1/payments?invoice=" + invoice, key)).get("data")).isEmpty();
    }

    @Test
    void anInvoiceIssuedToACustomerWithADefaultMethodIsChargedAutomatically() {
        String customer = customer();
        attach(customer, "sandbox", "sandbox_success", true);

        String invoice = invoice(customer, "15.00");

        await(Duration.ofSeconds(10), "the invoice's auto-collection",
                () -> ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString().equals("paid"));
        JsonNode payments = ok(api.get("/v1/payments?invoice=" + invoice, key)).get("data");
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).get("origin").asString()).isEqualTo("auto_collection");
        assertThat(payments.get(0).get("status").asString()).isEqualTo("succeeded");
        assertThat(payments.get(0).get("amount_minor").asLong()).isEqualTo(1500);
    }

    @Test
    void concurrentSubmissionsWithOneIdempotencyKeyChargeOnce() throws Exception {
        String customer = customer();
        String invoice = invoice(customer, "20.00");
        attach(customer, "sandbox", "sandbox_success", true);
        String idempotencyKey = UUID.randomUUID().toString();
        String body = "{\"invoice\":\"" + invoice + "\",\"amount_minor\":700}";

        List<ApiResponse> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<ApiResponse>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(threads.submit((Callable<ApiResponse>) () -> api.post("/v1/payments", key, body, "Idempotency-Key",
                        idempotencyKey)));
            }
            for (Future<ApiResponse> answer : sent) {
                answers.add(answer.get());
            }
        }
        // Each answer is the payment (the first, or its replay) or 409 while the first is still running.
        assertThat(answers).allSatisfy(a -> assertThat(a.status()).isIn(201, 409));
        assertThat(answers.stream().filter(a -> a.status() == 201).map(a -> a.field("id")).distinct()).hasSize(1);
        JsonNode payments = ok(api.get("/v1/payments?invoice=" + invoice, key)).get("data");
        assertThat(payments).hasSize(1);
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("amount_paid_minor").asLong()).isEqualTo(700);
        ApiResponse replay = api.post("/v1/payments", key, body, "Idempotency-Key", idempotencyKey);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.field("id")).isEqualTo(payments.get(0).get("id").asString());
    }

    @Test
    void refundsAreDocumentedByCreditNotes() {
        String customer = customer();
        String invoice = invoice(customer, "100.00");
        attach(customer, "sandbox", "sandbox_success", true);
        String payment = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();

        JsonNode partial = created(api.post("/v1/payments/" + payment + "/refunds", key, "{\"amount_minor\":2500,\"reason\":\"unused seats\"}"));
        assertThat(partial.get("status").asString()).isEqualTo("succeeded");
        assertThat(partial.get("amount_minor").asLong()).isEqualTo(2500);
        assertThat(partial.get("provider_refund_id").asString()).isEqualTo("sbxre_" + partial.get("id").asString());
        JsonNode note = ok(api.get("/v1/credit-notes/" + partial.get("credit_note_id").asString(), key));
        assertThat(note.get("reason").asString()).isEqualTo("refund");
        assertThat(note.get("total_minor").asLong()).isEqualTo(2500);
        assertThat(note.get("refund_minor").asLong()).isEqualTo(2500);
        assertThat(note.get("refund_status").asString()).isEqualTo("refunded");
        assertThat(ok(api.get("/v1/payments/" + payment, key)).get("refunded_minor").asLong()).isEqualTo(2500);

        ApiResponse tooMuch = api.post("/v1/payments/" + payment + "/refunds", key, "{\"amount_minor\":7501}");
        assertThat(tooMuch.status()).isEqualTo(409);
        assertThat(tooMuch.field("code")).isEqualTo("refund_exceeds_payment");

        JsonNode rest = created(api.post("/v1/payments/" + payment + "/refunds", key, "{}"));
        assertThat(rest.get("amount_minor").asLong()).isEqualTo(7500);
        assertThat(ok(api.get("/v1/payments/" + payment + "/refunds", key)).get("data")).hasSize(2);
        assertThat(ok(api.get("/v1/payments/" + payment, key)).get("refunded_minor").asLong()).isEqualTo(10000);
        assertThat(eventTypes(key, customer).stream().filter("payment.refunded"::equals)).hasSize(2);
        // The invoice still shows it was paid; the credit notes carry the money back.
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("paid");
    }

    @Test
    void aRefundTheProviderRefusesGoesToTheCreditBalance() {
        String customer = customer();
        String invoice = invoice(customer, "30.00");
        attach(customer, "sandbox", "sandbox_success_refund_fails", true);
        String payment = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();

        JsonNode refund = created(api.post("/v1/payments/" + payment + "/refunds", key, "{\"amount_minor\":1000}"));

        assertThat(refund.get("status").asString()).isEqualTo("failed");
        assertThat(refund.get("failure_code").asString()).isEqualTo("refund_declined");
        assertThat(ok(api.get("/v1/payments/" + payment, key)).get("refunded_minor").asLong()).isZero();
        assertThat(ok(api.get("/v1/credit-notes/" + refund.get("credit_note_id").asString(), key)).get("refund_status").asString())
                .isEqualTo("failed");
        assertThat(ok(api.get("/v1/customers/" + customer + "/credit-balance", key)).toString()).contains("\"balance_minor\":1000");
        assertThat(eventTypes(key, customer)).contains("payment.refund_failed").doesNotContain("payment.refunded");
    }

    @Test
    void anExistingRefundCreditNoteIsCarriedOut() {
        String customer = customer();
        String invoice = invoice(customer, "50.00");
        attach(customer, "sandbox", "sandbox_success", true);
        String payment = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();
        JsonNode note = created(api.post("/v1/credit-notes", key, "{\"invoice\":\"" + invoice
                + "\",\"reason\":\"refund\",\"credit_method\":\"refund\"}"));
        assertThat(note.get("refund_status").asString()).isEqualTo("pending");

        ApiResponse wrongAmount = api.post("/v1/payments/" + payment + "/refunds", key, "{\"credit_note\":\"" + note.get("id").asString()
                + "\",\"amount_minor\":1}");
        assertThat(wrongAmount.status()).isEqualTo(400);
        assertThat(wrongAmount.field("param")).isEqualTo("amount_minor");

        JsonNode refund = created(api.post("/v1/payments/" + payment + "/refunds", key, "{\"credit_note\":\"" + note.get("id").asString() + "\"}"));
        assertThat(refund.get("amount_minor").asLong()).isEqualTo(5000);
        assertThat(refund.get("credit_note_id").asString()).isEqualTo(note.get("id").asString());
        assertThat(ok(api.get("/v1/credit-notes/" + note.get("id").asString(), key)).get("refund_status").asString()).isEqualTo("refunded");
        ApiResponse twice = api.post("/v1/payments/" + payment + "/refunds", key, "{\"credit_note\":\"" + note.get("id").asString() + "\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(ok(api.get("/v1/payments/" + payment + "/refunds", key)).get("data")).hasSize(1);
    }

    @Test
    void callbacksSettleProcessingPaymentsAndForgedStaleOrReplayedOnesChangeNothing() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        attach(customer, "sandbox", "sandbox_async_success", true);
        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\"}");
        assertThat(payment.get("status").asString()).isEqualTo("processing");
        String paymentId = payment.get("id").asString();
        String transaction = payment.get("provider_transaction_id").asString();
        String succeeded = callbackBody("evt_" + UUID.randomUUID(), "charge.succeeded", transaction, null);
        long now = Instant.now().getEpochSecond();

        ApiResponse forged = callback(succeeded, "t=" + now + ",v1=" + sign(now, succeeded, "whsec_wrong"));
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.field("code")).isEqualTo("invalid_callback");
        ApiResponse tampered = callback(succeeded.replace("charge.succeeded", "charge.failed"),
                "t=" + now + ",v1=" + sign(now, succeeded, SANDBOX_CALLBACK_SECRET));
        assertThat(tampered.status()).isEqualTo(400);
        long stale = now - 3600;
        ApiResponse old = callback(succeeded, "t=" + stale + ",v1=" + sign(stale, succeeded, SANDBOX_CALLBACK_SECRET));
        assertThat(old.status()).isEqualTo(400);
        assertThat(api.post("/v1/providers/sandbox/callbacks", null, succeeded).status()).isEqualTo(400);
        assertThat(status(paymentId)).isEqualTo("processing");
        assertThat(callbacksRecorded(paymentId)).isZero();

        ApiResponse accepted = signedCallback(succeeded);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        assertThat(accepted.field("outcome")).isEqualTo("applied");
        assertThat(status(paymentId)).isEqualTo("succeeded");
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("paid");

        ApiResponse replay = signedCallback(succeeded);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.field("outcome")).isEqualTo("duplicate");
        assertThat(eventTypes(key, customer).stream().filter("payment.succeeded"::equals)).hasSize(1);
        assertThat(eventTypes(key, customer).stream().filter("invoice.paid"::equals)).hasSize(1);
        assertThat(callbacksRecorded(paymentId)).isEqualTo(1);
        // Recorded raw, as received.
        String raw = owner().sql("SELECT raw_body FROM provider_callbacks WHERE payment_id = :p").param("p", paymentId)
                .query(String.class).single();
        assertThat(raw).isEqualTo(succeeded);
    }

    @Test
    void outOfOrderCallbacksNeverMoveAPaymentBack() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        attach(customer, "sandbox", "sandbox_async_success", true);
        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\"}");
        String paymentId = payment.get("id").asString();
        String transaction = payment.get("provider_transaction_id").asString();

        assertThat(signedCallback(callbackBody("evt_" + UUID.randomUUID(), "charge.succeeded", transaction, null)).field("outcome"))
                .isEqualTo("applied");
        ApiResponse lateProcessing = signedCallback(callbackBody("evt_" + UUID.randomUUID(), "charge.processing", transaction, null));
        ApiResponse lateFailure = signedCallback(callbackBody("evt_" + UUID.randomUUID(), "charge.failed", transaction, "card_declined"));

        assertThat(lateProcessing.field("outcome")).isEqualTo("stale");
        assertThat(lateFailure.field("outcome")).isEqualTo("stale");
        assertThat(status(paymentId)).isEqualTo("succeeded");
        assertThat(eventTypes(key, customer)).doesNotContain("payment.failed");
        assertThat(callbacksRecorded(paymentId)).isEqualTo(3);
    }

    @Test
    void aCallbackCanArriveBeforeOurOwnRecordOfTheTransactionAndNamesThePaymentInstead() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        attach(customer, "sandbox", "sandbox_async_failure", true);
        String paymentId = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();

        ApiResponse failed = signedCallback("{\"id\":\"evt_" + UUID.randomUUID() + "\",\"type\":\"charge.failed\",\"payment_id\":\""
                + paymentId + "\",\"failure_code\":\"debit_not_authorized\",\"created\":" + Instant.now().getEpochSecond() + "}");

        assertThat(failed.field("outcome")).isEqualTo("applied");
        JsonNode after = ok(api.get("/v1/payments/" + paymentId, key));
        assertThat(after.get("status").asString()).isEqualTo("failed");
        assertThat(after.get("failure_code").asString()).isEqualTo("debit_not_authorized");
        ApiResponse unknown = signedCallback(callbackBody("evt_" + UUID.randomUUID(), "charge.succeeded", "sbx_pay_unknown", null));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.field("outcome")).isEqualTo("unknown_object");
    }

    @Test
    void theReconcilerAsksTheProviderAboutPaymentsStuckInProcessing() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        attach(customer, "sandbox", "sandbox_async_success", true);
        String paymentId = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();
        assertThat(status(paymentId)).isEqualTo("processing");

        // An hour later by default; here, now.
        owner().sql("UPDATE payments SET reconcile_after = now() - interval '1 second' WHERE id = :id").param("id", paymentId).update();

        await(Duration.ofSeconds(10), "the reconciler", () -> status(paymentId).equals("succeeded"));
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("paid");
    }

    @Test
    void aPaymentWhoseMethodWasDetachedIsStillReconciledAndRefunded() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        String method = attach(customer, "sandbox", "sandbox_async_success", true);
        String paymentId = pay("{\"invoice\":\"" + invoice + "\"}").get("id").asString();
        ok(api.delete("/v1/customers/" + customer + "/payment-methods/" + method, key));

        // The reconciler asks about the charge made with the method, detached or not.
        owner().sql("UPDATE payments SET reconcile_after = now() - interval '1 second' WHERE id = :id").param("id", paymentId).update();
        await(Duration.ofSeconds(10), "the reconciler", () -> status(paymentId).equals("succeeded"));

        JsonNode refund = created(api.post("/v1/payments/" + paymentId + "/refunds", key, "{\"amount_minor\":1000}"));
        assertThat(refund.get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aPendingPaymentWhoseRequestDiedIsSentByTheWorker() {
        String customer = customer();
        String invoice = invoice(customer, "60.00");
        attach(customer, "sandbox", "sandbox_unavailable", true);
        JsonNode payment = pay("{\"invoice\":\"" + invoice + "\"}");
        // The provider could not be reached: acknowledged, still pending, sent again later.
        assertThat(payment.get("status").asString()).isEqualTo("pending");
        String paymentId = payment.get("id").asString();

        // The provider is back (the token now succeeds) and the retry is due.
        owner().sql("UPDATE payment_methods SET provider_token = 'sandbox_success' WHERE id = :id")
                .param("id", payment.get("payment_method_id").asString()).update();
        owner().sql("UPDATE payments SET submit_after = now() - interval '1 second' WHERE id = :id").param("id", paymentId).update();

        await(Duration.ofSeconds(10), "the submission worker", () -> status(paymentId).equals("succeeded"));
        assertThat(ok(api.get("/v1/invoices/" + invoice, key)).get("status").asString()).isEqualTo("paid");
    }

    @Test
    void paymentsAreListedWithFilters() {
        String customer = customer();
        String first = invoice(customer, "10.00");
        String second = invoice(customer, "20.00");
        attach(customer, "sandbox", "sandbox_success", true);
        String a = pay("{\"invoice\":\"" + first + "\"}").get("id").asString();
        String b = pay("{\"invoice\":\"" + second + "\",\"amount_minor\":500}").get("id").asString();
        String c = pay("{\"invoice\":\"" + second + "\",\"provider\":\"manual\",\"reference\":\"R-" + UUID.randomUUID() + "\"}").get("id").asString();

        assertThat(ids("/v1/payments?customer=" + customer)).containsExactly(c, b, a);
        assertThat(ids("/v1/payments?invoice=" + second)).containsExactly(c, b);
        assertThat(ids("/v1/payments?provider=manual&customer=" + customer)).containsExactly(c);
        assertThat(ids("/v1/payments?provider_transaction_id=sbx_" + a)).containsExactly(a);
        assertThat(ids("/v1/payments?status=succeeded&amount_from=600&amount_to=1500&customer=" + customer)).containsExactly(c, a);
        assertThat(ids("/v1/payments?status=failed&customer=" + customer)).isEmpty();
        assertThat(ids("/v1/payments?created_from=2000-01-01T00:00:00Z&created_to=2000-01-02T00:00:00Z")).isEmpty();
        JsonNode page = ok(api.get("/v1/payments?customer=" + customer + "&limit=2", key));
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(ids("/v1/payments?customer=" + customer + "&limit=2&cursor=" + page.get("next_cursor").asString())).containsExactly(a);
        ApiResponse badStatus = api.get("/v1/payments?status=done", key);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.field("param")).isEqualTo("status");
        assertThat(api.get("/v1/payments/pay_nope", key).status()).isEqualTo(404);
    }

    // --- helpers ---

    private String customer() {
        return createCustomer(key, "{\"external_id\":\"c-" + UUID.randomUUID() + "\",\"currency\":\"USD\",\"email\":\"buyer@example.com\"}")
                .field("id");
    }

    /** A one-off invoice issued at once, for {@code amount} USD. */
    private String invoice(String customer, String amount) {
        return created(api.post("/v1/invoices", key, "{\"customer\":\"" + customer + "\",\"auto_finalize\":true,\"lines\":[{"
                + "\"description\":\"Consulting\",\"unit_price\":\"" + amount + "\"}]}")).get("id").asString();
    }

    private String attach(String customer, String provider, String token, boolean makeDefault) {
        return created(api.post("/v1/customers/" + customer + "/payment-methods", key, "{\"provider\":\"" + provider
                + "\",\"provider_token\":\"" + token + "\",\"type\":\"card\",\"set_default\":" + makeDefault + "}")).get("id").asString();
    }

    private JsonNode pay(String body) {
        return created(api.post("/v1/payments", key, body, "Idempotency-Key", UUID.randomUUID().toString()));
    }

    private void assertInvalid(String body, String param) {
        ApiResponse response = api.post("/v1/payments", key, body, "Idempotency-Key", UUID.randomUUID().toString());
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.field("param")).as(response.toString()).isEqualTo(param);
    }

    private String status(String paymentId) {
        return ok(api.get("/v1/payments/" + paymentId, key)).get("status").asString();
    }

    private List<String> ids(String path) {
        List<String> ids = new ArrayList<>();
        ok(api.get(path, key)).get("data").forEach(p -> ids.add(p.get("id").asString()));
        return ids;
    }

    private static String callbackBody(String eventId, String type, String transaction, String failureCode) {
        return "{\"id\":\"" + eventId + "\",\"type\":\"" + type + "\",\"transaction_id\":\"" + transaction + "\""
                + (failureCode == null ? "" : ",\"failure_code\":\"" + failureCode + "\"") + ",\"created\":"
                + Instant.now().getEpochSecond() + "}";
    }

    private ApiResponse signedCallback(String body) {
        long now = Instant.now().getEpochSecond();
        return callback(body, "t=" + now + ",v1=" + sign(now, body, SANDBOX_CALLBACK_SECRET));
    }

    private ApiResponse callback(String body, String signature) {
        return api.post("/v1/providers/sandbox/callbacks", null, body, "Billstream-Sandbox-Signature", signature);
    }

    /** An independent signer: HMAC-SHA256 over "timestamp.body", hex, as the sandbox documents. */
    private static String sign(long timestamp, String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int callbacksRecorded(String paymentId) {
        return owner().sql("SELECT count(*) FROM provider_callbacks WHERE payment_id = :p").param("p", paymentId).query(Integer.class)
                .single();
    }

    private JdbcClient owner() {
        return JdbcClient.create(ownerDataSource);
    }

    private static void await(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            sleep(50);
        }
    }
}
