package io.billstream.notification.application;

import io.billstream.notification.db.NotificationRecords;
import io.billstream.notification.domain.Notification;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.platform.web.ApiException;
import io.billstream.platform.web.ListPage;
import io.billstream.platform.web.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What the API tells about notifications: what was sent to whom, and where each delivery stands. */
@Service
public class NotificationQueries {

    private final NotificationRecords records;

    NotificationQueries(NotificationRecords records) {
        this.records = records;
    }

    @Transactional(readOnly = true)
    public NotificationView get(String id) {
        return records.find(TenantContext.require(), id).map(n -> NotificationView.of(n, true))
                .orElseThrow(() -> ApiException.notFound("notification", id));
    }

    @Transactional(readOnly = true)
    public ListPage<NotificationView> list(NotificationRecords.Filter filter, PageRequest page) {
        return ListPage.of(records.list(TenantContext.require(), filter, page), page, Notification::id,
                n -> NotificationView.of(n, false));
    }
}
