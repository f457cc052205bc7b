package io.billstream.platform.clock;

import java.time.Instant;

import io.billstream.platform.auth.Scopes;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

@RestController
@RequestMapping("/v1/test-clocks")
@Tag(name = "Test clocks", description = "Frozen time for test customers: advance it to see trials, renewals and cancellations happen.")
class TestClockController {

    private final TestClockManagement management;

    TestClockController(TestClockManagement management) {
        this.management = management;
    }

    record CreateTestClock(String name, Instant frozenTime) {
    }

    record AdvanceTestClock(Instant frozenTime) {
    }

    @PostMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Create a test clock", description = "Customers created with this clock's ID in `test_clock` live on its time.")
    ResponseEntity<TestClockView> create(@RequestBody CreateTestClock request, UriComponentsBuilder uri) {
        TestClockView created = management.create(request.name(), request.frozenTime());
        return ResponseEntity.created(uri.path("/v1/test-clocks/{id}").buildAndExpand(created.id()).toUri()).body(created);
    }

    @GetMapping
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "List test clocks")
    ListPage<TestClockView> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return management.list(PageRequest.of(limit, cursor));
    }

    @GetMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_READ)
    @Operation(summary = "Retrieve a test clock", description = "Poll until `status` is `ready` after an advance.")
    TestClockView get(@PathVariable String id) {
        return management.get(id);
    }

    @PostMapping("/{id}/advance")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Advance a test clock",
            description = "Moves the clock forward to `frozen_time`. Returns at once with status `advancing`; every trial end, "
                    + "renewal, scheduled change and cancellation due up to then runs in order, then the status becomes `ready`.")
    ResponseEntity<TestClockView> advance(@PathVariable String id, @RequestBody AdvanceTestClock request) {
        return ResponseEntity.accepted().body(management.advance(id, request.frozenTime()));
    }

    @DeleteMapping("/{id}")
    @PreAuthorize(Scopes.REQUIRE_BILLING_WRITE)
    @Operation(summary = "Delete a test clock", description = "Deletes the clock and its customers with their subscriptions, trials, "
            + "periods, pending items and entitlements. Billing events and audit records are kept: they are an append-only log.")
    TestClockView delete(@PathVariable String id) {
        return management.delete(id);
    }
}
