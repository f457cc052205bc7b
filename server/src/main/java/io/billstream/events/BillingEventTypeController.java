package io.billstream.events;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/billing-event-types")
@Tag(name = "Billing events")
class BillingEventTypeController {

    private final BillingEventTypeDescriptions descriptions;

    BillingEventTypeController(BillingEventTypeDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "List billing event types", description = "Every type the code writes, by name, with the JSON Schema of "
            + "its data.object and an example. One page: the catalog is small.")
    ListPage<BillingEventTypeView> list() {
        return new ListPage<>("list", descriptions.all(), false, null);
    }

    @GetMapping("/{type}")
    @PreAuthorize(Scopes.REQUIRE_EVENTS_READ)
    @Operation(summary = "Retrieve a billing event type", description = "external.* describes every event external systems record")
    BillingEventTypeView get(@PathVariable String type) {
        return descriptions.find(type).orElseThrow(() -> ApiException.notFound("billing event type", type));
    }
}
