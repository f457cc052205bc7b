package io.billstream.notification.application;

import io.billstream.notification.db.NotificationRecords;
import io.billstream.platform.clock.TestClockData;
import io.billstream.platform.tenancy.TenantContext;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Deleting a test clock deletes the notifications addressed to its customers, before the customers. */
@Component
@Order(50)
class NotificationsOfTestClocks implements TestClockData {

    private final NotificationRecords records;

    NotificationsOfTestClocks(NotificationRecords records) {
        this.records = records;
    }

    @Override
    public void deleteFor(String testClockId) {
        records.deleteForTestClock(TenantContext.require(), testClockId);
    }
}
