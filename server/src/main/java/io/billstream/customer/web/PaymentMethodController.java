package io.billstream.customer.web;

import io.billstream.customer.application.PaymentMethodRegistry;
import io.billstream.customer.application.PaymentMethodView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/customers/{customerId}/payment-methods")
@Tag(name = "Payment methods", description = "Provider tokens a customer can be charged with; never card numbers.")
class PaymentMethodController {

    private final PaymentMethodRegistry registry;

    PaymentMethodController(PaymentMethodRegistry registry) {
        this.registry = registry;
    }

    record AttachPaymentMethod(String provider, String providerToken, String type, String label, Boolean setDefault) {
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Attach a payment method",
            description = "provider: sandbox, manual or stripe; provider_token: the provider's token; type: card, sepa_debit, "
                    + "us_bank_account, bank_transfer or other. The first one attached, or one with set_default, is the default.")
    ResponseEntity<PaymentMethodView> attach(@PathVariable String customerId, @RequestBody AttachPaymentMethod request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(registry.attach(customerId, request.provider(), request.providerToken(),
                request.type(), request.label(), request.setDefault()));
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List a customer's attached payment methods")
    ListPage<PaymentMethodView> list(@PathVariable String customerId) {
        return new ListPage<>("list", registry.list(customerId), false, null);
    }

    @DeleteMapping("/{paymentMethodId}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Detach a payment method")
    PaymentMethodView detach(@PathVariable String customerId, @PathVariable String paymentMethodId) {
        return registry.detach(customerId, paymentMethodId);
    }
}
