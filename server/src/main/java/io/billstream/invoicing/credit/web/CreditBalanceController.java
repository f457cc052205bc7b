package io.billstream.invoicing.credit.web;

import io.billstream.invoicing.credit.CreditBalanceTransactionView;
import io.billstream.invoicing.credit.CreditBalanceView;
import io.billstream.invoicing.credit.CreditBalances;
import io.billstream.invoicing.credit.CreditNoteRequests;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/customers/{id}")
@Tag(name = "Credit balances", description = "A customer's credit per currency, consumed by its next invoices. The customer by ID or "
        + "external_id.")
class CreditBalanceController {

    private final CreditBalances balances;

    CreditBalanceController(CreditBalances balances) {
        this.balances = balances;
    }

    @GetMapping("/credit-balance")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The customer's credit balances",
            description = "One per currency: the customer's own currency first (0 when it has none), then any other it holds credit in.")
    ListPage<CreditBalanceView> balance(@PathVariable String id) {
        return new ListPage<>("list", balances.balances(id), false, null);
    }

    @GetMapping("/credit-balance-transactions")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The customer's credit balance ledger", description = "Newest first, cursor-paginated; filter by currency.")
    ListPage<CreditBalanceTransactionView> transactions(@PathVariable String id, @RequestParam(required = false) String currency,
                                                        @RequestParam(required = false) Integer limit,
                                                        @RequestParam(required = false) String cursor) {
        return balances.transactions(id, currency, PageRequest.of(limit, cursor));
    }

    @PostMapping("/credit-balance-transactions")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Adjust the customer's credit balance",
            description = "amount_minor positive to grant credit, negative to remove it (never below 0: 409 insufficient_credit_balance); "
                    + "currency (default and only accepted value: the customer's); description.")
    ResponseEntity<CreditBalanceTransactionView> adjust(@PathVariable String id,
                                                        @RequestBody CreditNoteRequests.AdjustCreditBalance request) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(balances.adjust(id, request.amountMinor(), request.currency(), request.description()));
    }
}
