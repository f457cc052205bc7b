package io.billstream.customer.web;

import io.billstream.customer.application.CustomerErasure;
import io.billstream.customer.application.CustomerView;
import io.billstream.platform.auth.Scopes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/customers")
@Tag(name = "Customers")
class CustomerErasureController {

    private final CustomerErasure erasure;

    CustomerErasureController(CustomerErasure erasure) {
        this.erasure = erasure;
    }

    /** Admin only: erasure cannot be undone, and it is the tenant's legal act as controller of the data. */
    @PostMapping("/{id}/erase")
    @PreAuthorize(Scopes.REQUIRE_ADMIN)
    @Operation(summary = "Erase a customer's personal data",
            description = "Irreversibly anonymises the customer (name, e-mail, billing address, tax IDs, external_id, metadata, "
                    + "payment-method labels) and the copies in past billing events, e-mails and audit records; archives it, so "
                    + "it is never e-mailed again. Issued invoices keep the buyer's name, address and tax IDs as printed, which "
                    + "the law requires. Writes a customer.erased event. Erasing twice changes nothing.")
    CustomerView erase(@PathVariable String id) {
        return erasure.erase(id);
    }
}
