package io.billstream.platform.clock;

import java.time.Clock;
import java.time.Instant;

import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import org.springframework.stereotype.Component;

/**
 * "Now" for one customer: the real clock, or the frozen time of the test clock the customer was
 * created on. Every rule that depends on the present asks here, never {@code now()}.
 */
@Component
public class BillingTime {

    private final Clock clock;
    private final TestClocks testClocks;

    BillingTime(Clock clock, TestClocks testClocks) {
        this.clock = clock;
        this.testClocks = testClocks;
    }

    public Instant now(String testClockId) {
        return testClockId == null ? clock.instant() : testClocks.frozenTime(TenantContext.require(), testClockId);
    }

    /** Refuses a change to a test-clock customer while its clock is advancing (time is moving under it). */
    public Instant nowForChange(String testClockId) {
        if (testClockId == null) {
            return clock.instant();
        }
        TestClock testClock = testClocks.find(TenantContext.require(), testClockId)
                .orElseThrow(() -> ApiException.notFound("test_clock", testClockId));
        if (testClock.status() == TestClock.Status.ADVANCING) {
            throw ApiException.conflict("test_clock_advancing", null,
                    "Test clock " + testClockId + " is advancing; retry once its status is ready");
        }
        return testClock.frozenTime();
    }
}
