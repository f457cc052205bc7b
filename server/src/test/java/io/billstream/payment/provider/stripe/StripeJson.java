package io.billstream.payment.provider.stripe;

/** Stripe's JSON as its API and webhooks send it, trimmed to realistic but short objects. */
final class StripeJson {

    static final long CREATED = 1_767_225_600L;   // 2026-01-01T00:00:00Z

    private StripeJson() {
    }

    static String paymentIntent(String id, String status, String paymentId) {
        return paymentIntent(id, status, paymentId, "null");
    }

    static String paymentIntent(String id, String status, String paymentId, String lastPaymentError) {
        return """
                {
                  "id": "%s",
                  "object": "payment_intent",
                  "amount": 1999,
                  "amount_capturable": 0,
                  "amount_received": %d,
                  "automatic_payment_methods": {"allow_redirects": "never", "enabled": true},
                  "canceled_at": null,
                  "cancellation_reason": %s,
                  "capture_method": "automatic_async",
                  "client_secret": "%s_secret_abc",
                  "confirmation_method": "automatic",
                  "created": %d,
                  "currency": "usd",
                  "customer": null,
                  "description": null,
                  "last_payment_error": %s,
                  "latest_charge": "ch_3RstubCharge",
                  "livemode": false,
                  "metadata": {
                    "billstream_payment_id": "%s",
                    "billstream_tenant_id": "ten_1",
                    "billstream_invoice_id": "inv_1"
                  },
                  "next_action": null,
                  "payment_method": "pm_card_visa",
                  "payment_method_types": ["card"],
                  "status": "%s"
                }""".formatted(id, "succeeded".equals(status) ? 1999 : 0,
                "canceled".equals(status) ? "\"abandoned\"" : "null", id, CREATED, lastPaymentError, paymentId, status);
    }

    static String lastPaymentError(String code, String declineCode, String message) {
        return """
                {
                  "type": "card_error",
                  "code": "%s",
                  "decline_code": %s,
                  "message": "%s",
                  "doc_url": "https://docs.stripe.com/error-codes/%s",
                  "charge": "ch_3RstubCharge"
                }""".formatted(code, declineCode == null ? "null" : "\"" + declineCode + "\"", message, code);
    }

    /** A 402 card error, with the PaymentIntent the confirmation left in requires_payment_method. */
    static String cardError(String code, String declineCode, String message, String paymentIntentId, String paymentId) {
        return """
                {
                  "error": {
                    "type": "card_error",
                    "code": "%s",
                    "decline_code": %s,
                    "message": "%s",
                    "charge": "ch_3RstubCharge",
                    "doc_url": "https://docs.stripe.com/error-codes/%s",
                    "request_log_url": "https://dashboard.stripe.com/test/logs/req_stub",
                    "payment_intent": %s
                  }
                }""".formatted(code, declineCode == null ? "null" : "\"" + declineCode + "\"", message, code,
                paymentIntent(paymentIntentId, "requires_payment_method", paymentId,
                        lastPaymentError(code, declineCode, message)));
    }

    static String error(String type, String code, String param, String message) {
        return """
                {
                  "error": {
                    "type": "%s",
                    "code": %s,
                    "param": %s,
                    "message": "%s"
                  }
                }""".formatted(type, code == null ? "null" : "\"" + code + "\"", param == null ? "null" : "\"" + param + "\"",
                message);
    }

    static String refund(String id, String status, String failureReason, String refundId, String paymentId) {
        return """
                {
                  "id": "%s",
                  "object": "refund",
                  "amount": 500,
                  "balance_transaction": null,
                  "charge": "ch_3RstubCharge",
                  "created": %d,
                  "currency": "usd",
                  "destination_details": {"card": {"type": "refund"}, "type": "card"},
                  "failure_reason": %s,
                  "metadata": {"billstream_refund_id": "%s", "billstream_payment_id": "%s"},
                  "payment_intent": "pi_3RstubIntent",
                  "reason": null,
                  "status": "%s"
                }""".formatted(id, CREATED, failureReason == null ? "null" : "\"" + failureReason + "\"", refundId, paymentId,
                status);
    }

    static String searchResult(String... paymentIntents) {
        return """
                {
                  "object": "search_result",
                  "data": [%s],
                  "has_more": false,
                  "next_page": null,
                  "url": "/v1/payment_intents/search"
                }""".formatted(String.join(",", paymentIntents));
    }

    static String event(String id, String type, String apiVersion, long created, String dataObject) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "api_version": "%s",
                  "created": %d,
                  "data": {
                    "object": %s
                  },
                  "livemode": false,
                  "pending_webhooks": 1,
                  "request": {"id": "req_stub1", "idempotency_key": "pay_1"},
                  "type": "%s"
                }""".formatted(id, apiVersion, created, dataObject, type);
    }
}
