package io.billstream.usage.web;

import io.billstream.platform.auth.Scopes;
import io.billstream.usage.application.UsagePeriodView;
import io.billstream.usage.application.UsageReports;
import io.billstream.usage.application.UsageSeriesView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Usage", description = "Aggregated usage: a subscription's current period with what it would cost, and charts of a "
        + "customer's usage. Subscriptions and customers are addressed by ID or external_id.")
class UsageReportController {

    private final UsageReports reports;

    UsageReportController(UsageReports reports) {
        this.reports = reports;
    }

    @GetMapping("/v1/subscriptions/{id}/usage")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "A subscription's usage in its current period",
            description = "One entry per usage charge of the subscription's plan version, one line per group with its quantity and "
                    + "the amount it would cost if the period ended now, priced like invoicing. While trialing: the trial, at 0. "
                    + "A pending or terminated subscription has no current period: 409.")
    UsagePeriodView subscriptionUsage(@PathVariable String id) {
        return reports.currentPeriod(id);
    }

    @GetMapping("/v1/customers/{id}/usage")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "A customer's usage over a range, for charts",
            description = "from and to (RFC 3339; default the 30 days up to now), metric (a code; default every metric with events "
                    + "in the range), group_by (comma-separated properties, replacing the metric's), window (hour, day or month "
                    + "in the customer's time zone; default one bucket). At most 1,000 buckets.")
    UsageSeriesView customerUsage(@PathVariable String id, @RequestParam(required = false) String from,
                                  @RequestParam(required = false) String to, @RequestParam(required = false) String metric,
                                  @RequestParam(name = "group_by", required = false) String groupBy,
                                  @RequestParam(required = false) String window) {
        return reports.chart(id, new UsageReports.ChartQuery(from, to, metric, groupBy, window));
    }
}
