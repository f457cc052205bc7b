package io.billstream.catalog.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import io.billstream.catalog.application.ChargeModelJson;
import io.billstream.catalog.application.EvaluatingPrice;
import io.billstream.catalog.domain.pricing.Charge;
import io.billstream.catalog.domain.pricing.ChargeModel;
import io.billstream.catalog.domain.pricing.PercentagePricing;
import io.billstream.catalog.domain.pricing.Usage;
import io.billstream.platform.money.Currencies;
import io.billstream.platform.web.ApiException;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /v1/prices/evaluate}. Decimals stay JSON nodes until they are read exactly,
 * from a string or a number, by {@link ChargeModelJson#decimal}.
 */
record EvaluatePriceRequest(
        @Schema(description = "standard, graduated, volume, package or percentage", requiredMode = Schema.RequiredMode.REQUIRED,
                example = "graduated")
        String chargeModel,
        @Schema(description = "The model's properties; see docs/pricing.md", requiredMode = Schema.RequiredMode.REQUIRED)
        JsonNode properties,
        @Schema(description = "ISO 4217 code, upper-case", requiredMode = Schema.RequiredMode.REQUIRED, example = "USD")
        String currency,
        @Schema(description = "Units used, a decimal string or number; required except for percentage", type = "string",
                example = "150")
        JsonNode quantity,
        @Schema(description = "The amount of each event, in order; required for percentage, refused otherwise",
                type = "array")
        JsonNode eventAmounts,
        @Schema(description = "Minimum amount of the charge per period, in major units", type = "string", example = "20")
        JsonNode minAmount) {

    EvaluatingPrice toCommand() {
        required(chargeModel, "charge_model");
        required(properties, "properties");
        required(currency, "currency");
        ChargeModel model = ChargeModelJson.parse(chargeModel, "charge_model", properties, "properties");
        Currency billedIn = Currencies.parse(currency, "currency");
        Usage usage = usage(model);
        return new EvaluatingPrice(new Charge(model, ChargeModelJson.decimal(minAmount, "min_amount")), usage, billedIn);
    }

    private Usage usage(ChargeModel model) {
        BigDecimal units = ChargeModelJson.decimal(quantity, "quantity");
        if (model instanceof PercentagePricing) {
            if (absent(eventAmounts)) {
                throw missing("event_amounts", "the percentage model prices each event: event_amounts is required");
            }
            List<BigDecimal> amounts = eachEventAmount();
            // quantity is optional here; when sent, Usage checks it is the events' sum.
            return units == null ? Usage.ofEvents(amounts) : new Usage(units, amounts);
        }
        if (!absent(eventAmounts)) {
            throw ApiException.invalid("event_amounts", "event_amounts is only used by the percentage model; send quantity");
        }
        if (units == null) {
            throw missing("quantity", "quantity is required for the " + model.code() + " model");
        }
        return Usage.ofUnits(units);
    }

    private List<BigDecimal> eachEventAmount() {
        if (!eventAmounts.isArray()) {
            throw ApiException.invalid("event_amounts", "event_amounts must be an array of decimals");
        }
        List<BigDecimal> amounts = new ArrayList<>(eventAmounts.size());
        for (int i = 0; i < eventAmounts.size(); i++) {
            // A null element stays null for Usage to refuse by its index.
            amounts.add(ChargeModelJson.decimal(eventAmounts.get(i), "event_amounts[" + i + "]"));
        }
        return amounts;
    }

    private static void required(Object value, String field) {
        if (value == null || value instanceof JsonNode node && node.isNull() || value instanceof String text && text.isEmpty()) {
            throw missing(field, field + " is required");
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static ApiException missing(String field, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "parameter_missing", field, detail);
    }
}
