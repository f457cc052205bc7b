package io.billstream.payment.web;

import io.billstream.payment.application.PaymentAttempts;
import io.billstream.payment.application.PaymentQueries;
import io.billstream.payment.application.PaymentRequests;
import io.billstream.payment.application.PaymentView;
import io.billstream.payment.application.RefundView;
import io.billstream.payment.application.Refunding;
import io.billstream.payment.db.Payments;
import io.billstream.payment.domain.PaymentStatus;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.billstream.platform.web.QueryTimes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/payments")
@Tag(name = "Payments", description = "Collecting finalised invoices through a provider (sandbox, manual, stripe), and refunds")
class PaymentController {

    private final PaymentAttempts attempts;
    private final PaymentQueries queries;
    private final Refunding refunding;

    PaymentController(PaymentAttempts attempts, PaymentQueries queries, Refunding refunding) {
        this.attempts = attempts;
        this.queries = queries;
        this.refunding = refunding;
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Pay an invoice", description = "invoice, amount_minor (default: the amount due; more is an overpayment, "
            + "credited to the customer's balance), payment_method (default: the customer's default), or provider 'manual' with a "
            + "reference to record money received outside any provider. Idempotency-Key is required. Answers with the payment as the "
            + "provider left it: succeeded, failed, processing, or pending if the provider could not be reached (sent again later).")
    ResponseEntity<PaymentView> create(
            @Parameter(description = "Required: a retried request with the same key returns the first answer and charges once")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody PaymentRequests.CreatePayment request, UriComponentsBuilder uri) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "idempotency_key_required", "Idempotency-Key",
                    "A payment must be created with an Idempotency-Key header, so that a retried request never charges twice");
        }
        PaymentView payment = attempts.pay(request);
        return ResponseEntity.created(uri.path("/v1/payments/{id}").buildAndExpand(payment.id()).toUri()).body(payment);
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a payment")
    PaymentView get(@PathVariable String id) {
        return queries.get(id);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List payments", description = "Newest first. Filters: status, customer (ID or external_id), invoice, "
            + "provider, provider_transaction_id, created_from/created_to (RFC 3339, from inclusive, to exclusive), "
            + "amount_from/amount_to (minor units, inclusive).")
    ListPage<PaymentView> list(
            @Parameter(description = "pending, processing, succeeded, failed or canceled") @RequestParam(required = false) String status,
            @RequestParam(required = false) String customer, @RequestParam(required = false) String invoice,
            @RequestParam(required = false) String provider,
            @RequestParam(name = "provider_transaction_id", required = false) String providerTransactionId,
            @RequestParam(name = "created_from", required = false) String createdFrom,
            @RequestParam(name = "created_to", required = false) String createdTo,
            @RequestParam(name = "amount_from", required = false) Long amountFrom,
            @RequestParam(name = "amount_to", required = false) Long amountTo,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        PaymentStatus parsed = blank(status) ? null : PaymentStatus.parse(status, "status");
        var filter = new Payments.Filter(parsed, blankToNull(customer), blankToNull(invoice), blankToNull(provider),
                blankToNull(providerTransactionId), QueryTimes.parse(createdFrom, "created_from"), QueryTimes.parse(createdTo, "created_to"),
                amountFrom, amountTo);
        return queries.list(filter, PageRequest.of(limit, cursor));
    }

    @PostMapping("/{id}/refunds")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Refund a payment", description = "amount_minor (default: everything still refundable), reason, memo; or "
            + "credit_note: an existing credit note with a pending refund, to carry out. Otherwise a credit note (reason refund) is "
            + "issued for the amount. The refund is sent to the payment's provider at once.")
    ResponseEntity<RefundView> refund(@PathVariable String id, @RequestBody PaymentRequests.CreateRefund request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(refunding.refund(id, request));
    }

    @GetMapping("/{id}/refunds")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List a payment's refunds", description = "Newest first.")
    ListPage<RefundView> refunds(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                 @RequestParam(required = false) String cursor) {
        return refunding.list(id, PageRequest.of(limit, cursor));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value;
    }
}
