package io.billstream.payment.recovery.web;

import io.billstream.payment.recovery.application.PaymentFailureQueries;
import io.billstream.payment.recovery.application.PaymentFailureView;
import io.billstream.payment.recovery.application.RecoveryRetries;
import io.billstream.payment.recovery.db.PaymentFailures;
import io.billstream.payment.recovery.domain.PaymentFailureStatus;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/payment-failures")
@Tag(name = "Payment failures", description = "The recovery of invoices whose payment failed: retries, entitlement restriction, "
        + "exhaustion and recovery, per the tenant's dunning policy")
class PaymentFailureController {

    private final PaymentFailureQueries queries;
    private final RecoveryRetries retries;

    PaymentFailureController(PaymentFailureQueries queries, RecoveryRetries retries) {
        this.queries = queries;
        this.retries = retries;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List payment failures", description = "Newest first. Filters: status (open, recovered, exhausted), "
            + "customer (ID or external_id), invoice.")
    ListPage<PaymentFailureView> list(
            @Parameter(description = "open, recovered or exhausted") @RequestParam(required = false) String status,
            @Parameter(description = "A customer ID or external_id") @RequestParam(required = false) String customer,
            @RequestParam(required = false) String invoice,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        var filter = new PaymentFailures.Filter(blank(status) ? null : PaymentFailureStatus.parse(status, "status"),
                blank(customer) ? null : customer, blank(invoice) ? null : invoice);
        return queries.list(filter, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a payment failure")
    PaymentFailureView get(@PathVariable String id) {
        return queries.get(id);
    }

    @PostMapping("/{id}/retry")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Retry a failed payment now", description = "Charges the customer's default payment method for the amount "
            + "due, now (the customer's test-clock time, if any), and answers with the failure as the attempt left it (latest_payment). "
            + "Uses none of the scheduled retries. Only an open failure can be retried (409 payment_failure_not_open); a customer "
            + "without a default payment method gives 409 no_payment_method.")
    PaymentFailureView retry(@PathVariable String id) {
        return retries.retryNow(id);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
