package io.billstream.webhook.web;

import java.util.Set;

import io.billstream.platform.auth.Scopes;
import io.billstream.webhook.endpoint.WebhookSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/v1/webhook-settings")
@Tag(name = "Webhook settings", description = "The tenant's webhook-wide settings")
class WebhookSettingsController {

    private static final Set<String> FIELDS = Set.of("allow_private_urls", "notification_email");

    private final WebhookSettings settings;

    WebhookSettingsController(WebhookSettings settings) {
        this.settings = settings;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Retrieve the webhook settings")
    WebhookSettings.View get() {
        return settings.get();
    }

    @PatchMapping
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Update the webhook settings",
            description = "allow_private_urls lets endpoints point at loopback, private and link-local addresses (development "
                    + "setups only); notification_email receives a message when an endpoint is disabled (null: nobody).")
    WebhookSettings.View update(@RequestBody JsonNode body) {
        JsonFields.onlyKnown(body, FIELDS);
        if (body.has("allow_private_urls") && body.get("allow_private_urls").isNull()) {
            throw JsonFields.wrongType("allow_private_urls", "true or false");
        }
        return settings.change(new WebhookSettings.Change(
                body.has("allow_private_urls") ? JsonFields.bool(body, "allow_private_urls") : null,
                JsonFields.text(body, "notification_email"),
                body.has("notification_email") && body.get("notification_email").isNull()));
    }
}
