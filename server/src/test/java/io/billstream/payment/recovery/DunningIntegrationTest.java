package io.billstream.payment.recovery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.billstream.support.ApiResponse;
import io.billstream.support.BillingIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sandbox decline driven by a test clock through the default dunning policy (retries 3, 5 and 7
 * days after the first failure, entitlements restricted after 4, cancel): the failure, the payments,
 * the subscription, the entitlement, the invoice, the e-mails and the billing events at every step.
 * The customer is in Berlin (UTC+1 in January), and the clock starts on Monday 5 January 2026 at 10:00
 * there, so every date below is "day N at 10:00 Berlin".
 */
class DunningIntegrationTest extends BillingIntegrationTest {

    static final Instant DAY_0 = Instant.parse("2026-01-05T09:00:00Z");
    static final Instant DAY_2 = Instant.parse("2026-01-07T09:00:00Z");
    static final Instant DAY_3 = Instant.parse("2026-01-08T09:00:00Z");
    static final Instant DAY_4 = Instant.parse("2026-01-09T09:00:00Z");
    static final Instant DAY_5 = Instant.parse("2026-01-10T09:00:00Z");
    static final Instant DAY_7 = Instant.parse("2026-01-12T09:00:00Z");
    static final String PLAN = """
            {"code":"pro","name":"Pro","interval":"month","currency":"USD","amount_minor":2500,
             "features":[{"code":"sso","type":"boolean","enabled":true}]}
            """;
    /** The event types the recovery is about, in the order they were written. */
    static final List<String> RECOVERY_EVENTS = List.of("invoice.", "payment.", "payment_failure.", "subscription.past_due",
            "subscription.updated", "subscription.canceled", "subscription.terminated", "entitlement.");

    String key;
    String clock;
    String customer;

    @BeforeEach
    void tenant() {
        key = newTenant().adminKey();
        createPlan(key, PLAN);
        clock = createClock(key, DAY_0);
    }

    @Test
    void a_declined_card_is_retried_on_days_3_5_and_7_restricted_on_day_4_and_canceled_when_the_last_retry_fails() {
        String sub = declinedCustomerSubscribed("sandbox_decline_insufficient_funds");

        // Day 0: the first invoice is issued and auto-charged at 10:00; declined. The subscription is past due at once.
        advance(key, clock, DAY_0.plusSeconds(3600));
        JsonNode invoice = onlyInvoice();
        String invoiceId = invoice.get("id").asString();
        String number = invoice.get("number").asString();
        assertThat(invoice.get("status").asString()).isEqualTo("finalized");
        assertThat(invoice.get("amount_due_minor").asLong()).isEqualTo(2500);
        List<JsonNode> payments = payments(invoiceId);
        assertThat(payments).hasSize(1);
        assertPayment(payments.get(0), "failed", "auto_collection", DAY_0);
        assertThat(payments.get(0).get("failure_code").asString()).isEqualTo("insufficient_funds");

        JsonNode listed = ok(api.get("/v1/payment-failures?invoice=" + invoiceId, key)).get("data");
        assertThat(listed).hasSize(1);
        String failureId = listed.get(0).get("id").asString();
        assertThat(failureId).startsWith("pf_");
        JsonNode failure = failure(failureId);
        assertFailure(failure, "open", 1, 0, DAY_3);
        assertThat(failure.get("customer_id").asString()).isEqualTo(customer);
        assertThat(failure.get("invoice_id").asString()).isEqualTo(invoiceId);
        assertThat(failure.get("reason").get("code").asString()).isEqualTo("insufficient_funds");
        assertThat(failure.get("reason").get("message").asString()).isEqualTo("Sandbox: the card was declined (insufficient_funds)");
        assertThat(failure.get("retries_total").asInt()).isEqualTo(3);
        assertThat(failure.get("retry_days")).extracting(JsonNode::asInt).containsExactly(3, 5, 7);
        assertThat(failure.get("restrict_at").asString()).isEqualTo(DAY_4.toString());
        assertThat(failure.get("restricted_at").isNull()).isTrue();
        assertThat(failure.get("final_action").asString()).isEqualTo("cancel");
        assertThat(failure.get("subscription_ids")).extracting(JsonNode::asString).containsExactly(sub);
        assertThat(failure.get("payment_ids")).extracting(JsonNode::asString).containsExactly(payments.get(0).get("id").asString());
        assertThat(failure.get("last_payment_id").asString()).isEqualTo(payments.get(0).get("id").asString());
        assertThat(failure.get("first_failed_at").asString()).isEqualTo(DAY_0.toString());
        assertThat(failure.get("next_action_at").asString()).isEqualTo(DAY_3.toString());
        assertThat(failure.get("test_clock_id").asString()).isEqualTo(clock);
        // The payment names the failure it started.
        assertThat(payment(payments.get(0).get("id").asString()).get("payment_failure_id").asString()).isEqualTo(failureId);
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoAllowed();
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment.failed");
        JsonNode failedMail = latestNotification("payment.failed");
        assertThat(failedMail.get("recipient").asString()).isEqualTo("billing@acme.example");
        assertThat(failedMail.get("related_object_id").asString()).isEqualTo(invoiceId);
        assertThat(failedMail.get("subject").asString()).isEqualTo("Payment failed for invoice " + number);
        assertThat(failedMail.get("text_body").asString())
                .contains("We could not collect USD 25.00 for invoice " + number + " (Sandbox: the card was declined (insufficient_funds)).")
                .contains("We will try again on 8 January 2026 at 10:00 (Europe/Berlin).");
        assertThat(failedMail.get("html_body").asString()).contains("<p>We will try again on 8 January 2026 at 10:00 (Europe/Berlin).</p>");
        assertThat(recoveryEvents()).containsExactly("invoice.created", "invoice.finalized", "payment.created", "payment.failed",
                "payment_failure.created", "payment_failure.retry_scheduled", "subscription.past_due");

        // Day 2 (a step between the scheduled days): nothing happens.
        advance(key, clock, DAY_2);
        assertFailure(failure(failureId), "open", 1, 0, DAY_3);
        assertThat(payments(invoiceId)).hasSize(1);

        // Day 3: the first retry, declined again; the second is set for day 5.
        advance(key, clock, DAY_3);
        failure = failure(failureId);
        assertFailure(failure, "open", 2, 1, DAY_5);
        payments = payments(invoiceId);
        assertThat(payments).hasSize(2);
        assertPayment(payments.get(1), "failed", "retry", DAY_3);
        assertThat(payments.get(1).get("payment_failure_id").asString()).isEqualTo(failureId);
        assertThat(failure.get("last_payment_id").asString()).isEqualTo(payments.get(1).get("id").asString());
        assertThat(failure.get("last_failed_at").asString()).isEqualTo(DAY_3.toString());
        assertThat(failure.get("latest_payment").get("id").asString()).isEqualTo(payments.get(1).get("id").asString());
        assertThat(failure.get("latest_payment").get("status").asString()).isEqualTo("failed");
        assertThat(failure.get("next_action_at").asString()).isEqualTo(DAY_4.toString());
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoAllowed();
        assertThat(invoiceStatus(invoiceId)).isEqualTo("finalized");
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment.failed", "payment_failure.retry_scheduled");
        assertThat(latestNotification("payment_failure.retry_scheduled").get("text_body").asString())
                .contains("We tried again and still could not collect USD 25.00 for invoice " + number)
                .contains("We will try again on 10 January 2026 at 10:00 (Europe/Berlin).");
        assertThat(recoveryEvents()).endsWith("payment_failure.retry_scheduled", "subscription.past_due", "payment.created",
                "payment.failed", "payment_failure.retry_scheduled");

        // Day 4: the grace period is over; the entitlement is restricted, no payment is attempted.
        advance(key, clock, DAY_4);
        failure = failure(failureId);
        assertFailure(failure, "open", 2, 1, DAY_5);
        assertThat(failure.get("restricted_at").asString()).isEqualTo(DAY_4.toString());
        assertThat(failure.get("next_action_at").asString()).isEqualTo(DAY_5.toString());
        assertThat(payments(invoiceId)).hasSize(2);
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoRestricted(sub);
        assertThat(notificationKinds()).hasSize(3);
        assertThat(recoveryEvents()).endsWith("payment.failed", "payment_failure.retry_scheduled", "entitlement.restricted");

        // Day 5: the second retry fails; the one scheduled for day 7 is the last, and the customer gets the final notice.
        advance(key, clock, DAY_5);
        failure = failure(failureId);
        assertFailure(failure, "open", 3, 2, DAY_7);
        payments = payments(invoiceId);
        assertThat(payments).hasSize(3);
        assertPayment(payments.get(2), "failed", "retry", DAY_5);
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoRestricted(sub);
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment.failed", "payment_failure.retry_scheduled",
                "payment_failure.final_notice");
        JsonNode finalNotice = latestNotification("payment_failure.final_notice");
        assertThat(finalNotice.get("subject").asString()).isEqualTo("Final notice: payment for invoice " + number);
        assertThat(finalNotice.get("text_body").asString())
                .contains("We will try one last time on 12 January 2026 at 10:00 (Europe/Berlin).")
                .contains("your subscription will be canceled");
        assertThat(recoveryEvents()).endsWith("entitlement.restricted", "payment.created", "payment.failed",
                "payment_failure.retry_scheduled");

        // Day 7: the last retry fails. The invoice is written off and the subscription ends for non-payment.
        advance(key, clock, DAY_7);
        failure = failure(failureId);
        assertFailure(failure, "exhausted", 4, 3, null);
        assertThat(failure.get("exhausted_at").asString()).isEqualTo(DAY_7.toString());
        assertThat(failure.get("next_action_at").isNull()).isTrue();
        payments = payments(invoiceId);
        assertThat(payments).hasSize(4);
        assertPayment(payments.get(3), "failed", "retry", DAY_7);
        assertThat(failure.get("payment_ids")).extracting(JsonNode::asString)
                .containsExactlyElementsOf(payments.stream().map(p -> p.get("id").asString()).toList());
        assertThat(invoiceStatus(invoiceId)).isEqualTo("uncollectible");
        JsonNode ended = ok(api.get("/v1/subscriptions/" + sub, key));
        assertThat(ended.get("status").asString()).isEqualTo("terminated");
        assertThat(ended.get("ended_reason").asString()).isEqualTo("nonpayment");
        assertThat(ended.get("ended_at").asString()).isEqualTo(DAY_7.toString());
        JsonNode sso = sso();
        assertThat(sso.get("allowed").asBoolean()).isFalse();
        assertThat(notificationKinds()).hasSize(4);
        assertThat(recoveryEvents()).endsWith("payment_failure.retry_scheduled", "payment.created", "payment.failed",
                "payment_failure.exhausted", "invoice.marked_uncollectible", "subscription.canceled", "subscription.terminated");
        JsonNode exhausted = lastEvent("payment_failure.exhausted");
        assertThat(exhausted.get("data").get("object").get("status").asString()).isEqualTo("exhausted");
        assertThat(exhausted.get("data").get("previous_attributes").get("status").asString()).isEqualTo("open");

        // The whole story, in order.
        assertThat(recoveryEvents()).containsExactly(
                "invoice.created", "invoice.finalized", "payment.created", "payment.failed", "payment_failure.created",
                "payment_failure.retry_scheduled", "subscription.past_due",
                "payment.created", "payment.failed", "payment_failure.retry_scheduled",
                "entitlement.restricted",
                "payment.created", "payment.failed", "payment_failure.retry_scheduled",
                "payment.created", "payment.failed", "payment_failure.exhausted", "invoice.marked_uncollectible",
                "subscription.canceled", "subscription.terminated");

        // Nothing is left to do: a later advance attempts nothing more.
        advance(key, clock, DAY_7.plus(Duration.ofDays(3)));
        assertThat(payments(invoiceId)).hasSize(4);
        assertThat(failure(failureId).get("attempt_count").asInt()).isEqualTo(4);

        // The test clock takes its failures with it.
        ApiResponse deleted = api.delete("/v1/test-clocks/" + clock, key);
        assertThat(deleted.status()).as(deleted.toString()).isBetween(200, 204);
        assertThat(api.get("/v1/payment-failures/" + failureId, key).status()).isEqualTo(404);
    }

    @Test
    void a_new_default_payment_method_on_day_4_is_charged_at_once_and_restores_everything() {
        String sub = declinedCustomerSubscribed("sandbox_decline_insufficient_funds");
        advance(key, clock, DAY_0.plusSeconds(3600));
        String invoiceId = onlyInvoice().get("id").asString();
        String failureId = ok(api.get("/v1/payment-failures?customer=acme&status=open", key)).get("data").get(0).get("id").asString();
        advance(key, clock, DAY_3);
        advance(key, clock, DAY_4);
        assertFailure(failure(failureId), "open", 2, 1, DAY_5);
        assertSsoRestricted(sub);

        // A method that is not the default is not what retries charge: nothing happens.
        attach("sandbox_success_spare", false);
        sleep(500);
        assertThat(payments(invoiceId)).hasSize(2);
        assertFailure(failure(failureId), "open", 2, 1, DAY_5);

        String method = attach("sandbox_success", true);
        await("the retry for the new payment method", () -> failure(failureId).get("status").asString().equals("recovered"));

        JsonNode failure = failure(failureId);
        List<JsonNode> payments = payments(invoiceId);
        assertThat(payments).hasSize(3);
        JsonNode paid = payments.get(2);
        assertPayment(paid, "succeeded", "retry", DAY_4);
        assertThat(paid.get("payment_method_id").asString()).isEqualTo(method);
        assertThat(paid.get("amount_minor").asLong()).isEqualTo(2500);
        assertThat(failure.get("recovered_by_payment_id").asString()).isEqualTo(paid.get("id").asString());
        assertThat(failure.get("recovered_at").asString()).isEqualTo(DAY_4.toString());
        assertThat(failure.get("next_retry_at").isNull()).isTrue();
        assertThat(failure.get("next_action_at").isNull()).isTrue();
        // The day-5 retry was brought forward and used.
        assertThat(failure.get("retries_used").asInt()).isEqualTo(2);
        assertThat(failure.get("attempt_count").asInt()).isEqualTo(2);
        assertThat(failure.get("latest_payment").get("status").asString()).isEqualTo("succeeded");
        assertThat(invoiceStatus(invoiceId)).isEqualTo("paid");
        assertThat(subscriptionStatus(sub)).isEqualTo("active");
        assertSsoAllowed();
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment.failed", "payment_failure.retry_scheduled",
                "payment_failure.recovered");
        JsonNode recoveredMail = latestNotification("payment_failure.recovered");
        assertThat(recoveredMail.get("text_body").asString()).contains("is paid (USD 25.00)");
        assertThat(recoveryEvents()).endsWith("entitlement.restricted", "payment.created", "payment.succeeded", "invoice.paid",
                "payment_failure.recovered", "subscription.updated", "entitlement.restored");
        JsonNode recovered = lastEvent("payment_failure.recovered");
        assertThat(recovered.get("data").get("object").get("status").asString()).isEqualTo("recovered");
        assertThat(recovered.get("data").get("previous_attributes").get("status").asString()).isEqualTo("open");

        // Recovered is final: the days that were scheduled pass without a charge.
        advance(key, clock, DAY_7);
        assertThat(payments(invoiceId)).hasSize(3);
        assertThat(failure(failureId).get("status").asString()).isEqualTo("recovered");
        assertThat(subscriptionStatus(sub)).isEqualTo("active");
    }

    @Test
    void a_manual_retry_uses_no_scheduled_retry_and_a_keep_policy_leaves_the_subscription_past_due_until_paid() {
        JsonNode policy = ok(api.send("PUT", "/v1/dunning-policy", key,
                "{\"retry_days\":[2],\"restrict_after_days\":null,\"final_action\":\"keep\"}"));
        assertThat(policy.get("retry_days")).extracting(JsonNode::asInt).containsExactly(2);
        assertThat(policy.get("restrict_after_days").isNull()).isTrue();
        assertThat(policy.get("final_action").asString()).isEqualTo("keep");
        assertThat(policy.get("updated_at").isNull()).isFalse();
        JsonNode audit = ok(api.get("/v1/audit-logs?action=dunning_policy.update", key)).get("data");
        assertThat(audit).hasSize(1);

        String sub = declinedCustomerSubscribed("sandbox_decline_card_declined");
        advance(key, clock, DAY_0.plusSeconds(3600));
        String invoiceId = onlyInvoice().get("id").asString();
        String failureId = ok(api.get("/v1/payment-failures?invoice=" + invoiceId, key)).get("data").get(0).get("id").asString();
        JsonNode failure = failure(failureId);
        assertFailure(failure, "open", 1, 0, DAY_2);
        assertThat(failure.get("retries_total").asInt()).isEqualTo(1);
        assertThat(failure.get("restrict_at").isNull()).isTrue();
        assertThat(failure.get("final_action").asString()).isEqualTo("keep");
        // With a single retry, the first e-mail is already the final notice.
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment_failure.final_notice");
        assertThat(latestNotification("payment_failure.final_notice").get("text_body").asString())
                .contains("Final notice: we could not collect USD 25.00 for invoice")
                .contains("We will try one last time on 7 January 2026 at 10:00 (Europe/Berlin).")
                .contains("your subscription will stay past due until the invoice is paid");

        // A policy change applies to failures that begin later: this one keeps its schedule.
        ok(api.send("PUT", "/v1/dunning-policy", key, "{\"retry_days\":[1,2,3],\"restrict_after_days\":2,\"final_action\":\"cancel\"}"));
        assertThat(failure(failureId).get("retry_days")).extracting(JsonNode::asInt).containsExactly(2);

        // A manual retry on day 0: a payment now, counted as an attempt, the scheduled retry untouched.
        ApiResponse retried = api.post("/v1/payment-failures/" + failureId + "/retry", key, null, "Idempotency-Key", "retry-1");
        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        failure = retried.json();
        assertFailure(failure, "open", 2, 0, DAY_2);
        assertThat(failure.get("latest_payment").get("status").asString()).isEqualTo("failed");
        assertThat(failure.get("latest_payment").get("origin").asString()).isEqualTo("retry");
        assertThat(failure.get("latest_payment").get("failure_code").asString()).isEqualTo("card_declined");
        assertThat(failure.get("latest_payment").get("created_at").asString()).isEqualTo(DAY_0.plusSeconds(3600).toString());
        assertThat(failure.get("payment_ids")).hasSize(2);
        // The same key replays the answer and charges nothing more.
        ApiResponse replayed = api.post("/v1/payment-failures/" + failureId + "/retry", key, null, "Idempotency-Key", "retry-1");
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.json().get("attempt_count").asInt()).isEqualTo(2);
        assertThat(payments(invoiceId)).hasSize(2);
        assertThat(ok(api.get("/v1/audit-logs?action=payment_failure.retry", key)).get("data")).hasSize(1);
        // No e-mail for an attempt beside the schedule.
        assertThat(notificationKinds()).hasSize(2);

        // Day 2: the one scheduled retry fails; the invoice is written off, the subscription kept past due, its entitlement granted.
        advance(key, clock, DAY_2);
        failure = failure(failureId);
        assertFailure(failure, "exhausted", 3, 1, null);
        assertThat(invoiceStatus(invoiceId)).isEqualTo("uncollectible");
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoAllowed();
        assertThat(recoveryEvents()).endsWith("payment_failure.exhausted", "invoice.marked_uncollectible")
                .doesNotContain("subscription.canceled", "entitlement.restricted");

        ApiResponse notOpen = api.post("/v1/payment-failures/" + failureId + "/retry", key, null);
        assertThat(notOpen.status()).isEqualTo(409);
        assertThat(notOpen.field("code")).isEqualTo("payment_failure_not_open");

        // Paying the uncollectible invoice later recovers the exhausted failure and the subscription.
        attach("sandbox_success", true);
        JsonNode payment = created(api.post("/v1/payments", key, "{\"invoice\":\"" + invoiceId + "\"}", "Idempotency-Key", "pay-late"));
        assertThat(payment.get("status").asString()).isEqualTo("succeeded");
        failure = failure(failureId);
        assertThat(failure.get("status").asString()).isEqualTo("recovered");
        assertThat(failure.get("recovered_by_payment_id").asString()).isEqualTo(payment.get("id").asString());
        assertThat(failure.get("exhausted_at").asString()).isEqualTo(DAY_2.toString());
        assertThat(failure.get("payment_ids")).hasSize(4);
        assertThat(invoiceStatus(invoiceId)).isEqualTo("paid");
        assertThat(subscriptionStatus(sub)).isEqualTo("active");
        assertThat(notificationKinds()).endsWith("payment_failure.recovered");

        ApiResponse recovered = api.post("/v1/payment-failures/" + failureId + "/retry", key, null);
        assertThat(recovered.status()).isEqualTo(409);
        assertThat(recovered.field("code")).isEqualTo("payment_failure_not_open");
        assertThat(api.post("/v1/payment-failures/pf_01NOSUCH/retry", key, null).status()).isEqualTo(404);
    }

    @Test
    void a_retry_without_a_payment_method_counts_as_failed_and_a_voided_invoice_ends_the_failure() {
        String sub = declinedCustomerSubscribed("sandbox_decline_insufficient_funds");
        advance(key, clock, DAY_0.plusSeconds(3600));
        String invoiceId = onlyInvoice().get("id").asString();
        JsonNode methods = ok(api.get("/v1/customers/acme/payment-methods", key)).get("data");
        ok(api.delete("/v1/customers/acme/payment-methods/" + methods.get(0).get("id").asString(), key));
        String failureId = ok(api.get("/v1/payment-failures?customer=" + customer, key)).get("data").get(0).get("id").asString();
        String firstPayment = failure(failureId).get("last_payment_id").asString();

        // Day 3: nothing to charge; the retry is used and the next scheduled, the last payment stays the one that failed.
        advance(key, clock, DAY_3);
        JsonNode failure = failure(failureId);
        assertFailure(failure, "open", 2, 1, DAY_5);
        assertThat(failure.get("reason").get("code").asString()).isEqualTo("no_payment_method");
        assertThat(failure.get("last_payment_id").asString()).isEqualTo(firstPayment);
        assertThat(failure.get("last_failed_at").asString()).isEqualTo(DAY_3.toString());
        assertThat(payments(invoiceId)).hasSize(1);
        // A manual retry has nothing to charge either.
        ApiResponse manual = api.post("/v1/payment-failures/" + failureId + "/retry", key, null);
        assertThat(manual.status()).isEqualTo(409);
        assertThat(manual.field("code")).isEqualTo("no_payment_method");

        // The invoice is voided: at its next action (the restriction on day 4) the failure ends without restricting.
        ok(api.post("/v1/invoices/" + invoiceId + "/void", key, null));
        advance(key, clock, DAY_4);
        failure = failure(failureId);
        assertThat(failure.get("status").asString()).isEqualTo("recovered");
        assertThat(failure.get("recovered_by_payment_id").isNull()).isTrue();
        assertThat(failure.get("recovered_at").asString()).isEqualTo(DAY_4.toString());
        assertThat(failure.get("restricted_at").isNull()).isTrue();
        assertThat(subscriptionStatus(sub)).isEqualTo("active");
        assertSsoAllowed();
        // Voiding asked nothing of the customer: no "recovered" e-mail.
        assertThat(notificationKinds()).containsExactly("invoice.finalized", "payment.failed", "payment_failure.retry_scheduled");
        assertThat(recoveryEvents()).endsWith("invoice.voided", "payment_failure.recovered", "subscription.updated")
                .doesNotContain("entitlement.restricted");
        assertThat(ok(api.get("/v1/payment-failures?status=open", key)).get("data")).isEmpty();
        assertThat(ok(api.get("/v1/payment-failures?status=recovered", key)).get("data")).hasSize(1);
    }

    @Test
    void a_retry_in_flight_that_the_provider_cancels_counts_as_failed_and_the_schedule_goes_on() {
        declinedCustomerSubscribed("sandbox_decline_insufficient_funds");
        advance(key, clock, DAY_0.plusSeconds(3600));
        String invoiceId = onlyInvoice().get("id").asString();
        String failureId = ok(api.get("/v1/payment-failures?invoice=" + invoiceId, key)).get("data").get(0).get("id").asString();
        advance(key, clock, DAY_2);

        // A bank debit as the new default: the day-3 retry comes forward to day 2 and stays processing.
        attach("sandbox_async_success", true);
        await("the retry to reach the provider", () -> failure(failureId).get("latest_payment").get("status").asString()
                .equals("processing"));
        JsonNode inFlight = failure(failureId);
        assertFailure(inFlight, "open", 1, 1, null);
        assertThat(inFlight.get("next_action_at").asString()).isEqualTo(DAY_4.toString());
        JsonNode debit = payments(invoiceId).get(1);
        assertPayment(debit, "processing", "retry", DAY_2);

        // The provider cancels it: nothing collected, so the retry counts as failed and the next is scheduled.
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"id\":\"evt_" + failureId + "\",\"type\":\"charge.canceled\",\"transaction_id\":\""
                + debit.get("provider_transaction_id").asString() + "\",\"created\":" + now + "}";
        ApiResponse callback = api.post("/v1/providers/sandbox/callbacks", null, body, "Billstream-Sandbox-Signature",
                "t=" + now + ",v1=" + hmac(now + "." + body));
        assertThat(callback.status()).as(callback.toString()).isEqualTo(200);
        assertThat(payment(debit.get("id").asString()).get("status").asString()).isEqualTo("canceled");
        JsonNode failure = failure(failureId);
        assertFailure(failure, "open", 2, 1, DAY_5);
        assertThat(failure.get("reason").get("code").asString()).isEqualTo("payment_canceled");
        assertThat(failure.get("last_payment_id").asString()).isEqualTo(debit.get("id").asString());
        assertThat(notificationKinds()).endsWith("payment.failed", "payment_failure.retry_scheduled");
        assertThat(recoveryEvents()).endsWith("payment.created", "payment.processing", "payment.canceled",
                "payment_failure.retry_scheduled");
    }

    @Test
    void the_dunning_policy_refuses_each_invalid_field_by_name_and_keeps_the_defaults() {
        JsonNode defaults = ok(api.get("/v1/dunning-policy", key));
        assertThat(defaults.get("object").asString()).isEqualTo("dunning_policy");
        assertThat(defaults.get("retry_days")).extracting(JsonNode::asInt).containsExactly(3, 5, 7);
        assertThat(defaults.get("restrict_after_days").asInt()).isEqualTo(4);
        assertThat(defaults.get("final_action").asString()).isEqualTo("cancel");
        assertThat(defaults.get("updated_at").isNull()).isTrue();

        assertRefused("{\"retry_days\":[]}", "retry_days");
        assertRefused("{\"retry_days\":[1,2,3,4,5,6,7,8,9,10,11]}", "retry_days");
        assertRefused("{\"retry_days\":\"3,5,7\"}", "retry_days");
        assertRefused("{\"retry_days\":[0]}", "retry_days[0]");
        assertRefused("{\"retry_days\":[3,61]}", "retry_days[1]");
        assertRefused("{\"retry_days\":[3,3]}", "retry_days[1]");
        assertRefused("{\"retry_days\":[5,3]}", "retry_days[1]");
        assertRefused("{\"retry_days\":[1.5]}", "retry_days[0]");
        assertRefused("{\"retry_days\":[\"3\"]}", "retry_days[0]");
        assertRefused("{\"restrict_after_days\":-1}", "restrict_after_days");
        assertRefused("{\"restrict_after_days\":8}", "restrict_after_days");
        assertRefused("{\"retry_days\":[2],\"restrict_after_days\":3}", "restrict_after_days");
        assertRefused("{\"final_action\":\"pause\"}", "final_action");
        assertRefused("{\"final_action\":1}", "final_action");
        ApiResponse unknown = api.send("PUT", "/v1/dunning-policy", key, "{\"grace_days\":3}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.field("code")).isEqualTo("parameter_unknown");
        assertThat(unknown.field("param")).isEqualTo("grace_days");
        assertThat(ok(api.get("/v1/dunning-policy", key)).get("updated_at").isNull()).isTrue();

        // Scopes: reading needs billing:read, changing billing:write.
        String reader = apiKey(key, "billing:read");
        assertThat(api.get("/v1/dunning-policy", reader).status()).isEqualTo(200);
        assertThat(api.send("PUT", "/v1/dunning-policy", reader, "{\"final_action\":\"keep\"}").status()).isEqualTo(403);
        assertThat(api.get("/v1/payment-failures", reader).status()).isEqualTo(200);
        assertThat(api.post("/v1/payment-failures/pf_01NOSUCH/retry", reader, null).status()).isEqualTo(403);

        // Fields left out take their defaults; the same policy again is not a change.
        JsonNode kept = ok(api.send("PUT", "/v1/dunning-policy", key, "{\"final_action\":\"keep\",\"restrict_after_days\":0}"));
        assertThat(kept.get("retry_days")).extracting(JsonNode::asInt).containsExactly(3, 5, 7);
        assertThat(kept.get("restrict_after_days").asInt()).isZero();
        assertThat(kept.get("final_action").asString()).isEqualTo("keep");
        ok(api.send("PUT", "/v1/dunning-policy", key, "{\"final_action\":\"keep\",\"restrict_after_days\":0}"));
        assertThat(ok(api.get("/v1/audit-logs?action=dunning_policy.update", key)).get("data")).hasSize(1);

        ApiResponse xml = api.get("/v1/dunning-policy", key, "Accept", "application/xml");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.contentType()).startsWith("application/xml");
        assertThat(xml.body()).contains("<dunning_policy>").contains("<final_action>keep</final_action>");

        ApiResponse badStatus = api.get("/v1/payment-failures?status=lost", key);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.field("param")).isEqualTo("status");
        assertThat(api.get("/v1/payment-failures/pf_01NOSUCH", key).status()).isEqualTo(404);
    }

    @Test
    void restricting_after_zero_days_restricts_with_the_first_failure_and_failures_read_as_xml() {
        ok(api.send("PUT", "/v1/dunning-policy", key, "{\"retry_days\":[1],\"restrict_after_days\":0}"));
        String sub = declinedCustomerSubscribed("sandbox_decline_insufficient_funds");
        advance(key, clock, DAY_0.plusSeconds(3600));
        JsonNode failure = ok(api.get("/v1/payment-failures?customer=acme", key)).get("data").get(0);
        assertThat(failure.get("restricted_at").asString()).isEqualTo(DAY_0.toString());
        assertThat(subscriptionStatus(sub)).isEqualTo("past_due");
        assertSsoRestricted(sub);
        assertThat(recoveryEvents()).endsWith("payment_failure.created", "payment_failure.retry_scheduled", "subscription.past_due",
                "entitlement.restricted");

        ApiResponse xml = api.get("/v1/payment-failures/" + failure.get("id").asString(), key, "Accept", "application/xml");
        assertThat(xml.status()).isEqualTo(200);
        assertThat(xml.body()).contains("<payment_failure>").contains("<status>open</status>")
                .contains("<retry_days><day>1</day></retry_days>")
                .contains("<subscription_ids><subscription_id>" + sub + "</subscription_id></subscription_ids>")
                .contains("<payment_ids><payment_id>" + failure.get("payment_ids").get(0).asString() + "</payment_id></payment_ids>");
    }

    /** The customer "acme" on the clock, with a default sandbox card that declines, subscribed to Pro from day 0. */
    private String declinedCustomerSubscribed(String token) {
        customer = created(api.post("/v1/customers", key, "{\"external_id\":\"acme\",\"currency\":\"USD\",\"email\":\"billing@acme.example\","
                + "\"timezone\":\"Europe/Berlin\",\"test_clock\":\"" + clock + "\"}")).get("id").asString();
        attach(token, true);
        return created(api.post("/v1/subscriptions", key, "{\"customer_id\":\"acme\",\"plan_code\":\"pro\"}")).get("id").asString();
    }

    private String attach(String token, boolean makeDefault) {
        return created(api.post("/v1/customers/acme/payment-methods", key, "{\"provider\":\"sandbox\",\"provider_token\":\"" + token
                + "\",\"type\":\"card\",\"set_default\":" + makeDefault + "}")).get("id").asString();
    }

    private JsonNode onlyInvoice() {
        JsonNode invoices = ok(api.get("/v1/invoices?customer=" + customer, key)).get("data");
        assertThat(invoices).hasSize(1);
        return invoices.get(0);
    }

    private String invoiceStatus(String invoiceId) {
        return ok(api.get("/v1/invoices/" + invoiceId, key)).get("status").asString();
    }

    private JsonNode failure(String id) {
        return ok(api.get("/v1/payment-failures/" + id, key));
    }

    private JsonNode payment(String id) {
        return ok(api.get("/v1/payments/" + id, key));
    }

    /** The invoice's payments, oldest first. */
    private List<JsonNode> payments(String invoiceId) {
        List<JsonNode> all = new ArrayList<>();
        ok(api.get("/v1/payments?limit=100&invoice=" + invoiceId, key)).get("data").forEach(all::add);
        return all.reversed();
    }

    private String subscriptionStatus(String sub) {
        return ok(api.get("/v1/subscriptions/" + sub, key)).get("status").asString();
    }

    private JsonNode sso() {
        return ok(api.get("/v1/customers/acme/entitlements/sso", key));
    }

    private void assertSsoAllowed() {
        JsonNode sso = sso();
        assertThat(sso.get("allowed").asBoolean()).as(sso.toString()).isTrue();
        assertThat(sso.get("restricted").asBoolean()).isFalse();
    }

    private void assertSsoRestricted(String sub) {
        JsonNode sso = sso();
        assertThat(sso.get("allowed").asBoolean()).as(sso.toString()).isFalse();
        assertThat(sso.get("restricted").asBoolean()).isTrue();
        assertThat(sso.get("restricted_reason").asString()).isEqualTo("payment_past_due");
        assertThat(sso.get("restricted_subscription_ids")).extracting(JsonNode::asString).containsExactly(sub);
    }

    /** The customer's notification kinds, oldest first. */
    private List<String> notificationKinds() {
        List<String> kinds = new ArrayList<>();
        ok(api.get("/v1/notifications?limit=100&customer_id=" + customer, key)).get("data")
                .forEach(n -> kinds.add(n.get("kind").asString()));
        return kinds.reversed();
    }

    private JsonNode latestNotification(String kind) {
        String id = ok(api.get("/v1/notifications?kind=" + kind + "&customer_id=" + customer, key)).get("data").get(0).get("id").asString();
        return ok(api.get("/v1/notifications/" + id, key));
    }

    private List<String> recoveryEvents() {
        return eventTypes(key, customer).stream().filter(t -> RECOVERY_EVENTS.stream().anyMatch(t::startsWith)).toList();
    }

    private JsonNode lastEvent(String type) {
        return events(key, customer).stream().filter(e -> e.get("type").asString().equals(type)).reduce((a, b) -> b).orElseThrow();
    }

    private static void assertFailure(JsonNode failure, String status, int attempts, int retriesUsed, Instant nextRetryAt) {
        assertThat(failure.get("status").asString()).as(failure.toString()).isEqualTo(status);
        assertThat(failure.get("attempt_count").asInt()).as("attempt_count").isEqualTo(attempts);
        assertThat(failure.get("retries_used").asInt()).as("retries_used").isEqualTo(retriesUsed);
        if (nextRetryAt == null) {
            assertThat(failure.get("next_retry_at").isNull()).as("next_retry_at").isTrue();
        } else {
            assertThat(failure.get("next_retry_at").asString()).as("next_retry_at").isEqualTo(nextRetryAt.toString());
        }
    }

    private static void assertPayment(JsonNode payment, String status, String origin, Instant createdAt) {
        assertThat(payment.get("status").asString()).as(payment.toString()).isEqualTo(status);
        assertThat(payment.get("origin").asString()).isEqualTo(origin);
        assertThat(payment.get("created_at").asString()).isEqualTo(createdAt.toString());
    }

    private void assertRefused(String body, String param) {
        ApiResponse response = api.send("PUT", "/v1/dunning-policy", key, body);
        assertThat(response.status()).as(body + " → " + response).isEqualTo(400);
        assertThat(response.field("code")).as(response.toString()).isEqualTo("parameter_invalid");
        assertThat(response.field("param")).as(body).isEqualTo(param);
    }

    private static String hmac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SANDBOX_CALLBACK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.ofEpochMilli(System.currentTimeMillis()).plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.ofEpochMilli(System.currentTimeMillis()).isAfter(deadline)) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            sleep(50);
        }
    }
}
