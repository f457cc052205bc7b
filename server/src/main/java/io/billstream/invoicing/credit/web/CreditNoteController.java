package io.billstream.invoicing.credit.web;

import java.time.Instant;

import io.billstream.invoicing.credit.CreditNoteRequests;
import io.billstream.invoicing.credit.CreditNoteView;
import io.billstream.invoicing.credit.CreditNotes;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/credit-notes")
@Tag(name = "Credit notes", description = "Corrections of finalised invoices: the unpaid amount is reduced first, the rest becomes "
        + "customer credit balance or a refund.")
class CreditNoteController {

    private final CreditNotes creditNotes;

    CreditNoteController(CreditNotes creditNotes) {
        this.creditNotes = creditNotes;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Issue a credit note",
            description = "invoice (a finalized, paid or uncollectible invoice), reason refund, correction or goodwill, credit_method "
                    + "credit_balance (default) or refund, lines [{invoice_line, amount_minor}] with tax-inclusive amounts (without "
                    + "lines: everything the invoice still has to credit; without amount_minor: the line's remaining amount), memo.")
    ResponseEntity<CreditNoteView> create(@RequestBody CreditNoteRequests.CreateCreditNote request, UriComponentsBuilder uri) {
        CreditNoteView created = creditNotes.create(request);
        return ResponseEntity.created(uri.path("/v1/credit-notes/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List credit notes", description = "Newest first, cursor-paginated.")
    ListPage<CreditNoteView> list(
            @RequestParam(required = false) String invoice,
            @Parameter(description = "The customer's ID or external_id") @RequestParam(required = false) String customer,
            @Parameter(description = "refund, correction or goodwill") @RequestParam(required = false) String reason,
            @Parameter(description = "pending: refunds waiting for the payments module; refunded") @RequestParam(name = "refund_status", required = false) String refundStatus,
            @Parameter(description = "Inclusive lower bound of created_at") @RequestParam(name = "created_from", required = false) Instant createdFrom,
            @Parameter(description = "Exclusive upper bound of created_at") @RequestParam(name = "created_to", required = false) Instant createdTo,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return creditNotes.list(invoice, customer, reason, refundStatus, createdFrom, createdTo, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a credit note")
    CreditNoteView get(@PathVariable String id) {
        return creditNotes.get(id);
    }
}
