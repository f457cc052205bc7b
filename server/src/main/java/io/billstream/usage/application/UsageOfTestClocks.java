package io.billstream.usage.application;

import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.usage.db.UsageEvents;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Deleting a test clock deletes its customers' usage, before the subscriptions and customers it names. */
@Component
@Order(5)
class UsageOfTestClocks implements TestClockData {

    private final UsageEvents events;

    UsageOfTestClocks(UsageEvents events) {
        this.events = events;
    }

    @Override
    public void deleteFor(String testClockId) {
        events.deleteForTestClock(TenantContext.require(), testClockId);
    }
}
