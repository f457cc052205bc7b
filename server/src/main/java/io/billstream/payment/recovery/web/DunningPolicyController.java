package io.billstream.payment.recovery.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.billstream.payment.recovery.application.DunningPolicySettings;
import io.billstream.payment.recovery.application.DunningPolicyView;
import io.billstream.payment.recovery.domain.DunningPolicy;
import io.billstream.payment.recovery.domain.FinalAction;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/dunning-policy")
@Tag(name = "Dunning policy", description = "What the tenant does when a payment fails: retries, restriction, the final action")
class DunningPolicyController {

    private static final Set<String> FIELDS = Set.of("retry_days", "restrict_after_days", "final_action");

    private final DunningPolicySettings settings;

    DunningPolicyController(DunningPolicySettings settings) {
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve the dunning policy", description = "The defaults ([3, 5, 7], 4, cancel) until it is first "
            + "changed (updated_at null).")
    DunningPolicyView get() {
        return settings.view();
    }

    @PutMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Replace the dunning policy", description = "retry_days: 1 to 10 ascending, distinct days (1-60) after "
            + "the first failure; restrict_after_days: 0 up to the last retry day, or null never to restrict; final_action: cancel "
            + "(the subscriptions end when the last retry fails) or keep (they stay past due). A field left out takes its default "
            + "([3, 5, 7], 4, cancel). Applies to failures that begin afterwards: an open failure keeps the schedule it began with.")
    DunningPolicyView replace(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_body", null, "The request body must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "parameter_unknown", name, "Unknown field '" + name + "'");
            }
        }
        DunningPolicy defaults = DunningPolicy.DEFAULT;
        List<Integer> retryDays = absentOrNull(body, "retry_days") ? defaults.retryDays() : days(body.get("retry_days"));
        Integer restrictAfter = !body.has("restrict_after_days") ? defaults.restrictAfterDays()
                : body.get("restrict_after_days").isNull() ? null : whole(body.get("restrict_after_days"), "restrict_after_days");
        FinalAction finalAction = absentOrNull(body, "final_action") ? defaults.finalAction() : finalAction(body.get("final_action"));
        return settings.replace(new DunningPolicy(retryDays, restrictAfter, finalAction));
    }

    private static boolean absentOrNull(JsonNode body, String field) {
        return !body.has(field) || body.get(field).isNull();
    }

    private static List<Integer> days(JsonNode node) {
        if (!node.isArray()) {
            throw ApiException.invalid("retry_days", "retry_days must be an array of days after the first failure, such as [3, 5, 7]");
        }
        List<Integer> days = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            days.add(whole(node.get(i), "retry_days[" + i + "]"));
        }
        return days;
    }

    private static int whole(JsonNode node, String field) {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.invalid(field, field + " must be a whole number of days");
        }
        return node.intValue();
    }

    private static FinalAction finalAction(JsonNode node) {
        if (!node.isString()) {
            throw ApiException.invalid("final_action", "final_action must be one of [cancel, keep]");
        }
        return FinalAction.parse(node.stringValue(), "final_action");
    }
}
