package io.billstream.catalog.application;

import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/**
 * A price evaluation as the API shows it. Decimals are plain strings, exact; {@code amountMinor} is
 * the amount rounded once, half up, to the currency's minor unit, as an invoice line would bill it.
 */
@JacksonXmlRootElement(localName = "price_evaluation")
public record PriceEvaluationView(String object, String chargeModel, String currency, String quantity, String amount,
                                  long amountMinor, String minimumAdjustment, JsonNode breakdown) {
}
