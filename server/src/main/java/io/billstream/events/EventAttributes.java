package io.billstream.events;

import tools.jackson.databind.JsonNode;

/**
 * What an event is about beyond its subjects, read from its {@code data.object} when it is appended
 * so that the log can be filtered on it. The rule goes by the object's kind ({@code data.object.object}),
 * not by the event type, so that every event about a payment, say, is found by the same filters:
 * <ul>
 *   <li>money: {@code amount_minor} of payments, refunds and external events; {@code total_minor} of
 *       invoices and credit notes; {@code change_minor} (signed) of a credit balance ({@code customer.credit_balance_changed}). The currency
 *       is kept only with an amount, so {@code currency} filters money, not customers' preferences.</li>
 *   <li>provider transaction: a payment's {@code provider_transaction_id}, a refund's {@code provider_refund_id}.</li>
 *   <li>payment method: a payment method's own {@code type}; any other object with a
 *       {@code payment_method_id} names the method whose type is looked up (see {@link BillingEventLog}).</li>
 * </ul>
 */
record EventAttributes(Long amountMinor, String currency, String providerTransactionId, String paymentMethodType,
                       String paymentMethodId) {

    static EventAttributes of(JsonNode object) {
        if (object == null || !object.isObject()) {
            return new EventAttributes(null, null, null, null, null);
        }
        String kind = text(object, "object");
        String amountField = switch (kind == null ? "" : kind) {
            case "payment", "refund", "external_event" -> "amount_minor";
            case "invoice", "credit_note" -> "total_minor";
            case "credit_balance" -> "change_minor";
            default -> null;
        };
        Long amount = amountField != null && object.path(amountField).isIntegralNumber() ? object.get(amountField).asLong() : null;
        String currency = amount == null ? null : text(object, "currency");
        if (currency == null) {
            amount = null;
        }
        String transaction = switch (kind == null ? "" : kind) {
            case "payment" -> text(object, "provider_transaction_id");
            case "refund" -> text(object, "provider_refund_id");
            default -> null;
        };
        String methodType = "payment_method".equals(kind) ? text(object, "type") : null;
        String methodId = methodType == null ? text(object, "payment_method_id") : null;
        return new EventAttributes(amount, currency, transaction, methodType, methodId);
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || !value.isString() || value.asString().isBlank() ? null : value.asString();
    }
}
