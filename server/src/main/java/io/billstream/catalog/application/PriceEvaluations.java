package io.billstream.catalog.application;

import io.billstream.catalog.domain.pricing.PriceEvaluation;
import io.billstream.platform.domain.InvalidValueException;
import io.billstream.platform.money.Decimals;
import io.billstream.platform.money.Money;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Prices usage without billing it, with the same charge models and the same rounding that invoicing
 * uses, so that what a pricing page shows is what the invoice bills.
 */
@Service
public class PriceEvaluations {

    public PriceEvaluationView evaluate(EvaluatingPrice request) {
        PriceEvaluation evaluation = request.charge().evaluate(request.usage());
        Money total;
        try {
            total = evaluation.rounded(request.currency());
        } catch (ArithmeticException e) {
            String field = request.usage().hasEventAmounts() ? "event_amounts" : "quantity";
            throw new InvalidValueException(field, "the amount " + Decimals.plain(evaluation.amount()) + " "
                    + request.currency().getCurrencyCode() + " is too large to bill");
        }
        return new PriceEvaluationView("price_evaluation", request.charge().model().code(),
                request.currency().getCurrencyCode(), Decimals.plain(request.usage().units()),
                Decimals.plain(evaluation.amount()), total.amountMinor(),
                Decimals.plain(evaluation.minimumAdjustment()),
                ChargeModelJson.writeBreakdown(evaluation.breakdown(), JsonNodeFactory.instance));
    }
}
