package io.billstream.notification.web;

import io.billstream.notification.application.NotificationQueries;
import io.billstream.notification.application.NotificationView;
import io.billstream.notification.db.NotificationRecords;
import io.billstream.notification.domain.NotificationStatus;
import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/v1/notifications")
@Tag(name = "Notifications", description = "The e-mails Billstream sent or is sending (invoices to customers), and where each "
        + "delivery stands")
class NotificationController {

    private static final String STATUSES = "queued, sending, sent, failed or suppressed";

    private final NotificationQueries queries;

    NotificationController(NotificationQueries queries) {
        this.queries = queries;
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List notifications", description = "Newest first, cursor-paginated; without bodies.")
    ListPage<NotificationView> list(
            @Parameter(description = STATUSES) @RequestParam(required = false) String status,
            @Parameter(description = "What caused it, e.g. invoice.finalized") @RequestParam(required = false) String kind,
            @Parameter(description = "A customer ID or external_id") @RequestParam(name = "customer_id", required = false) String customerId,
            @Parameter(description = "The object it is about, e.g. an invoice ID")
            @RequestParam(name = "related_object_id", required = false) String relatedObjectId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        var filter = new NotificationRecords.Filter(status(status), blankToNull(kind), blankToNull(customerId),
                blankToNull(relatedObjectId));
        return queries.list(filter, PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a notification",
            description = "With its text and HTML bodies; attachments are described by file name, content type and size.")
    NotificationView get(@PathVariable String id) {
        return queries.get(id);
    }

    private static NotificationStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return NotificationStatus.fromApiName(status);
        } catch (IllegalArgumentException unknown) {
            throw ApiException.invalid("status", "status must be " + STATUSES);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
