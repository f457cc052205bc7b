package io.billstream.customer.web;

import java.time.Instant;

import io.billstream.customer.application.CustomerAccounts;
import io.billstream.customer.application.CustomerView;
import io.billstream.customer.db.Customers;
import io.billstream.customer.domain.CustomerStatus;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@RestController
@RequestMapping("/v1/customers")
@Tag(name = "Customers", description = "Billing accounts. Wherever a customer ID is accepted, the caller's external_id is too.")
class CustomerController {

    private final CustomerAccounts accounts;
    private final JsonMapper json;

    CustomerController(CustomerAccounts accounts, JsonMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a customer")
    ResponseEntity<CustomerView> create(@RequestBody CustomerRequests.CreateCustomer request, UriComponentsBuilder uri) {
        CustomerView created = accounts.register(request.toDetails(), request.testClock());
        return ResponseEntity.created(uri.path("/v1/customers/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List customers", description = "Newest first, cursor-paginated.")
    ListPage<CustomerView> list(
            @Parameter(description = "active or archived") @RequestParam(required = false) String status,
            @RequestParam(required = false) String email,
            @RequestParam(name = "external_id", required = false) String externalId,
            @Parameter(description = "Inclusive lower bound of created_at") @RequestParam(name = "created_from", required = false) Instant createdFrom,
            @Parameter(description = "Exclusive upper bound of created_at") @RequestParam(name = "created_to", required = false) Instant createdTo,
            @Parameter(description = "Free text matched against name and email") @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        var filter = new Customers.Filter(parseStatus(status), blankToNull(email), blankToNull(externalId), createdFrom,
                createdTo, blankToNull(q));
        return accounts.list(filter, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a customer by ID or external_id")
    CustomerView get(@PathVariable String id) {
        return accounts.get(id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Update a customer",
            description = "JSON merge patch: fields left out are kept; null clears a field or, inside billing_preferences, "
                    + "restores its default; billing_preferences merges field by field and metadata key by key "
                    + "(null or \"\" removes a key); billing_address and tax_ids are replaced whole; timezone cannot be null.")
    CustomerView update(@PathVariable String id, @RequestBody JsonNode body) {
        return accounts.change(id, CustomerPatch.parse(body, json));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Archive a customer", description = "Customers are archived, never deleted; archiving twice changes nothing.")
    CustomerView archive(@PathVariable String id) {
        return accounts.archive(id);
    }

    private static CustomerStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        return switch (status) {
            case "active" -> CustomerStatus.ACTIVE;
            case "archived" -> CustomerStatus.ARCHIVED;
            default -> throw ApiException.invalid("status", "status must be 'active' or 'archived'");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
