package io.billstream.customer.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.billstream.customer.domain.BillingPreferences;
import io.billstream.customer.domain.CustomerDetails;
import io.billstream.platform.web.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A PATCH body, with JSON merge-patch semantics (RFC 7396): a field left out keeps its value,
 * {@code null} clears it (or, for a field with a default, restores the default), objects such as
 * {@code billing_preferences} merge field by field, and {@code metadata} merges key by key (a key set
 * to {@code null} or {@code ""} is removed). {@code billing_address} and {@code tax_ids} are replaced whole.
 */
final class CustomerPatch {

    private static final Set<String> FIELDS = Set.of("external_id", "name", "email", "billing_address", "tax_ids",
            "currency", "timezone", "billing_preferences", "metadata");

    private CustomerPatch() {
    }

    static UnaryOperator<CustomerDetails> parse(JsonNode body, JsonMapper json) {
        if (body == null || !body.isObject()) {
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid_body", null,
                    "The request body must be a JSON object");
        }
        for (String field : body.propertyNames()) {
            if (!FIELDS.contains(field)) {
                throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "parameter_unknown", field,
                        "Unknown field '" + field + "'");
            }
        }
        if (body.has("timezone") && body.get("timezone").isNull()) {
            throw ApiException.invalid("timezone", "timezone cannot be cleared; set an IANA time zone");
        }
        String externalId = text(body, "external_id");
        String name = text(body, "name");
        String email = text(body, "email");
        String currency = text(body, "currency");
        String timezone = text(body, "timezone");
        CustomerRequests.AddressInput address = read(body, "billing_address", json, new TypeReference<>() { });
        List<CustomerRequests.TaxIdInput> taxIds = read(body, "tax_ids", json, new TypeReference<>() { });
        UnaryOperator<BillingPreferences> preferences = preferences(body.get("billing_preferences"));
        Map<String, String> metadata = read(body, "metadata", json, new TypeReference<>() { });
        return current -> new CustomerDetails(
                body.has("external_id") ? externalId : current.externalId(),
                body.has("name") ? name : current.name(),
                body.has("email") ? email : current.email(),
                body.has("billing_address") ? (address == null ? null : address.toAddress()) : current.billingAddress(),
                body.has("tax_ids") ? (taxIds == null ? List.of() : taxIds.stream().map(CustomerRequests.TaxIdInput::toTaxId).toList())
                        : current.taxIds(),
                body.has("currency") ? currency : current.currency(),
                body.has("timezone") ? timezone : current.timezone(),
                preferences.apply(current.preferences()),
                body.has("metadata") ? merge(current.metadata(), metadata, body.get("metadata").isNull()) : current.metadata());
    }

    private static final Set<String> PREFERENCE_FIELDS = Set.of("invoice_grace_period_days", "net_payment_terms_days",
            "preferred_payment_provider");

    private static UnaryOperator<BillingPreferences> preferences(JsonNode patch) {
        if (patch == null) {
            return current -> current;
        }
        if (patch.isNull()) {
            return current -> BillingPreferences.DEFAULT;
        }
        if (!patch.isObject()) {
            throw ApiException.invalid("billing_preferences", "Field 'billing_preferences' has the wrong type; expected an object");
        }
        for (String field : patch.propertyNames()) {
            if (!PREFERENCE_FIELDS.contains(field)) {
                throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "parameter_unknown",
                        "billing_preferences." + field, "Unknown field 'billing_preferences." + field + "'");
            }
        }
        BillingPreferences defaults = BillingPreferences.DEFAULT;
        Integer grace = days(patch, "invoice_grace_period_days");
        Integer terms = days(patch, "net_payment_terms_days");
        String provider = text(patch, "preferred_payment_provider", "billing_preferences.preferred_payment_provider");
        return current -> new BillingPreferences(
                !patch.has("invoice_grace_period_days") ? current.invoiceGracePeriodDays() : grace == null ? defaults.invoiceGracePeriodDays() : grace,
                !patch.has("net_payment_terms_days") ? current.netPaymentTermsDays() : terms == null ? defaults.netPaymentTermsDays() : terms,
                !patch.has("preferred_payment_provider") ? current.preferredPaymentProvider() : provider);
    }

    private static Integer days(JsonNode patch, String field) {
        JsonNode value = patch.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiException.invalid("billing_preferences." + field,
                    "Field 'billing_preferences." + field + "' has the wrong type; expected a whole number");
        }
        return value.asInt();
    }

    private static Map<String, String> merge(Map<String, String> current, Map<String, String> changes, boolean clearAll) {
        if (clearAll) {
            return Map.of();
        }
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    private static String text(JsonNode body, String field) {
        return text(body, field, field);
    }

    private static String text(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw ApiException.invalid(param, "Field '" + param + "' has the wrong type; expected a string");
        }
        return value.asString();
    }

    private static <T> T read(JsonNode body, String field, JsonMapper json, TypeReference<T> type) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return json.readerFor(type).readValue(value);
        } catch (JacksonException e) {
            String nested = e.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? "." + ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .reduce("", String::concat);
            String param = field + nested;
            String problem = e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException ? "is not a known field" : "has the wrong type";
            throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST,
                    e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException ? "parameter_unknown" : "parameter_invalid",
                    param, "Field '" + param + "' " + problem);
        }
    }
}
