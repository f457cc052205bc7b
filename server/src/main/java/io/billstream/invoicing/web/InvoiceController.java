package io.billstream.invoicing.web;

import io.billstream.invoicing.application.InvoiceDocuments;
import io.billstream.invoicing.application.InvoiceOperations;
import io.billstream.invoicing.application.InvoiceQueries;
import io.billstream.invoicing.application.InvoiceRequests;
import io.billstream.invoicing.application.InvoiceView;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

@RestController
@RequestMapping("/v1")
@Tag(name = "Invoices", description = "Invoices made by billing runs and by hand: draft, pending_tax, finalized, then paid, void or "
        + "uncollectible. Amounts are integer minor units of the invoice's currency.")
class InvoiceController {

    private final InvoiceQueries queries;
    private final InvoiceOperations operations;
    private final InvoiceDocuments documents;

    InvoiceController(InvoiceQueries queries, InvoiceOperations operations, InvoiceDocuments documents) {
        this.queries = queries;
        this.operations = operations;
        this.documents = documents;
    }

    @PostMapping("/invoices")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a one-off invoice",
            description = "customer (ID or external_id), lines [{description, quantity (default 1), unit_price, tax_rate_ids}], memo, "
                    + "metadata, auto_finalize (default false: the invoice stays a draft until finalised).")
    ResponseEntity<InvoiceView> create(@RequestBody InvoiceRequests.CreateInvoice request, UriComponentsBuilder uri) {
        InvoiceView created = operations.create(request);
        return ResponseEntity.created(uri.path("/v1/invoices/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping("/invoices")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List invoices", description = "Newest first. Filters: status, customer (ID or external_id), subscription, "
            + "issued_from/issued_to and due_from/due_to (RFC 3339, inclusive), total_from/total_to (minor units, inclusive).")
    ListPage<InvoiceView> list(@RequestParam(required = false) String status, @RequestParam(required = false) String customer,
                               @RequestParam(required = false) String subscription,
                               @RequestParam(name = "issued_from", required = false) String issuedFrom,
                               @RequestParam(name = "issued_to", required = false) String issuedTo,
                               @RequestParam(name = "due_from", required = false) String dueFrom,
                               @RequestParam(name = "due_to", required = false) String dueTo,
                               @RequestParam(name = "total_from", required = false) Long totalFrom,
                               @RequestParam(name = "total_to", required = false) Long totalTo,
                               @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return queries.list(new InvoiceQueries.ListQuery(status, customer, subscription, issuedFrom, issuedTo, dueFrom, dueTo, totalFrom,
                totalTo), PageRequest.of(limit, cursor));
    }

    @GetMapping("/invoices/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve an invoice", description = "JSON or XML; with Accept: application/pdf or text/html, the invoice "
            + "document (also at /v1/invoices/{id}/pdf and /html).")
    InvoiceView get(@PathVariable String id) {
        return queries.get(id);
    }

    @GetMapping(path = "/invoices/{id}", produces = MediaType.APPLICATION_PDF_VALUE)
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The invoice as a PDF document (Accept: application/pdf)")
    ResponseEntity<byte[]> pdfByAccept(@PathVariable String id) {
        return pdf(id);
    }

    @GetMapping(path = "/invoices/{id}", produces = MediaType.TEXT_HTML_VALUE)
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The invoice as an HTML page (Accept: text/html)")
    ResponseEntity<String> htmlByAccept(@PathVariable String id) {
        return html(id);
    }

    @GetMapping(path = "/invoices/{id}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The invoice as a PDF document",
            description = "Seller and buyer, number, dates, lines with their tier breakdown, tax by rate, totals and amount due.")
    ResponseEntity<byte[]> pdf(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(documents.filename(id, "pdf")).build().toString())
                .body(documents.pdf(id));
    }

    @GetMapping(path = "/invoices/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "The invoice as an HTML page", description = "The same content as the PDF, self-contained.")
    ResponseEntity<String> html(@PathVariable String id) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(documents.html(id));
    }

    @PatchMapping("/invoices/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Edit a draft", description = "memo, metadata. Only drafts change.")
    InvoiceView update(@PathVariable String id, @RequestBody InvoiceRequests.UpdateDraft request) {
        return operations.update(id, request);
    }

    @PostMapping("/invoices/{id}/lines")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Add a manual line to a draft", description = "description, quantity (default 1), unit_price, tax_rate_ids.")
    InvoiceView addLine(@PathVariable String id, @RequestBody InvoiceRequests.ManualLine request) {
        return operations.addLine(id, request);
    }

    @DeleteMapping("/invoices/{id}/lines/{lineId}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Remove a manual line from a draft")
    InvoiceView removeLine(@PathVariable String id, @PathVariable String lineId) {
        return operations.removeLine(id, lineId);
    }

    @PostMapping("/invoices/{id}/finalize")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Finalise a draft now", description = "Reprices its usage, then numbers and issues it (or moves it to "
            + "pending_tax when tax is external).")
    InvoiceView finalizeInvoice(@PathVariable String id) {
        return operations.finalizeNow(id);
    }

    @PostMapping("/invoices/{id}/void")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Void an issued invoice", description = "finalized or uncollectible: nothing is owed any more and credit "
            + "balance it used is given back. paid: send credit_note {reason, credit_method} to credit what was paid.")
    InvoiceView voidInvoice(@PathVariable String id, @RequestBody(required = false) InvoiceRequests.VoidInvoice request) {
        return operations.voidInvoice(id, request);
    }

    @PostMapping("/invoices/{id}/mark-uncollectible")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Write off a finalised invoice")
    InvoiceView markUncollectible(@PathVariable String id) {
        return operations.markUncollectible(id);
    }

    @PostMapping("/invoices/{id}/tax-lines")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Apply external tax to an invoice in pending_tax",
            description = "tax_lines [{invoice_line, name, amount_minor, percentage, inclusive (default false), jurisdiction, "
                    + "external_ref}], one or more per invoice line; the invoice is then finalised.")
    InvoiceView applyTaxLines(@PathVariable String id, @RequestBody InvoiceRequests.TaxLines request) {
        return operations.applyTaxLines(id, request);
    }

    @GetMapping("/subscriptions/{id}/upcoming-invoice")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Preview the subscription's next invoice",
            description = "A dry run: the current period priced on the usage so far, the next period's fees in advance, pending "
                    + "items and late-usage corrections, with tax. Nothing is written.")
    InvoiceView upcoming(@PathVariable String id) {
        return queries.upcoming(id);
    }
}
