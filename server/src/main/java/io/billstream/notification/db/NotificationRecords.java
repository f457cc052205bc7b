package io.billstream.notification.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.billstream.notification.NotificationRequest;
import io.billstream.notification.domain.Notification;
import io.billstream.notification.domain.NotificationStatus;
import io.billstream.platform.db.ListFilters;
import io.billstream.platform.db.Rows;
import io.billstream.platform.web.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notifications table and its attachments. */
@Repository
public class NotificationRecords {

    /** Filters of a list; null means any. {@code customer} is a customer ID or external_id. */
    public record Filter(NotificationStatus status, String kind, String customer, String relatedObjectId) {
    }

    public record Due(String tenantId, String id) {
    }

    private final JdbcClient jdbc;

    NotificationRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String tenantId, String id, NotificationRequest request, NotificationStatus status, Instant nextAttemptAt,
                       String lastError, Instant now) {
        jdbc.sql("""
                INSERT INTO notifications (id, tenant_id, kind, channel, recipient, subject, text_body, html_body, customer_id,
                                           related_object_id, status, attempts, next_attempt_at, last_error, created_at, updated_at)
                VALUES (:id, :tenant, :kind, 'email', :recipient, :subject, :text, :html, :customer, :related, :status, 0,
                        :next, :error, :now, :now)
                """)
                .param("id", id).param("tenant", tenantId).param("kind", request.kind()).param("recipient", request.recipient())
                .param("subject", request.subject()).param("text", request.textBody()).param("html", request.htmlBody())
                .param("customer", request.customerId()).param("related", request.relatedObjectId())
                .param("status", status.apiName()).param("next", Rows.timestamp(nextAttemptAt)).param("error", lastError)
                .param("now", Rows.timestamp(now))
                .update();
        int position = 0;
        for (NotificationRequest.Attachment attachment : request.attachments()) {
            jdbc.sql("""
                    INSERT INTO notification_attachments (tenant_id, notification_id, position, filename, content_type, content)
                    VALUES (:tenant, :id, :position, :filename, :type, :content)
                    """)
                    .param("tenant", tenantId).param("id", id).param("position", position++)
                    .param("filename", attachment.filename()).param("type", attachment.contentType())
                    .param("content", attachment.content())
                    .update();
        }
    }

    public Optional<Notification> find(String tenantId, String id) {
        return jdbc.sql("SELECT * FROM notifications WHERE tenant_id = :tenant AND id = :id")
                .param("tenant", tenantId).param("id", id)
                .query(NotificationRecords::map).optional()
                .map(n -> withFiles(tenantId, List.of(n)).getFirst());
    }

    /** Newest first, after the cursor's notification ID. */
    public List<Notification> list(String tenantId, Filter filter, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT * FROM notifications WHERE tenant_id = :tenant");
        if (filter.status() != null) {
            sql.append(" AND status = :status");
        }
        if (filter.kind() != null) {
            sql.append(" AND kind = :kind");
        }
        if (filter.customer() != null) {
            sql.append(ListFilters.CUSTOMER_ID_OR_EXTERNAL_ID);
        }
        if (filter.relatedObjectId() != null) {
            sql.append(" AND related_object_id = :related");
        }
        if (page.after() != null) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        List<Notification> rows = jdbc.sql(sql.toString())
                .param("tenant", tenantId)
                .param("status", filter.status() == null ? null : filter.status().apiName())
                .param("kind", filter.kind()).param("customer", filter.customer()).param("related", filter.relatedObjectId())
                .param("after", page.after()).param("limit", page.fetchSize())
                .query(NotificationRecords::map).list();
        return withFiles(tenantId, rows);
    }

    /** Notifications of every tenant due for a delivery attempt (a SECURITY DEFINER function: no tenant needed). */
    public List<Due> due(Instant now, int limit) {
        return jdbc.sql("SELECT tenant_id, id FROM due_notifications(:now, :limit)")
                .param("now", Rows.timestamp(now)).param("limit", limit)
                .query((rs, n) -> new Due(rs.getString("tenant_id"), rs.getString("id"))).list();
    }

    /**
     * Takes a due notification for one delivery attempt: counts the attempt and marks it
     * {@code sending} until {@code claimUntil}. Empty when it is not due, or when another instance
     * holds or just took it ({@code SKIP LOCKED}: claimers never wait for each other).
     */
    public Optional<Notification> claim(String tenantId, String id, Instant now, Instant claimUntil) {
        return jdbc.sql("""
                UPDATE notifications SET status = 'sending', attempts = attempts + 1, next_attempt_at = :until, updated_at = :now
                WHERE id = (SELECT id FROM notifications
                            WHERE tenant_id = :tenant AND id = :id AND status IN ('queued', 'sending') AND next_attempt_at <= :now
                            FOR UPDATE SKIP LOCKED)
                  AND status IN ('queued', 'sending') AND next_attempt_at <= :now
                RETURNING *
                """)
                .param("tenant", tenantId).param("id", id).param("now", Rows.timestamp(now)).param("until", Rows.timestamp(claimUntil))
                .query(NotificationRecords::map).optional();
    }

    public List<NotificationRequest.Attachment> attachments(String tenantId, String id) {
        return jdbc.sql("""
                SELECT filename, content_type, content FROM notification_attachments
                WHERE tenant_id = :tenant AND notification_id = :id ORDER BY position
                """)
                .param("tenant", tenantId).param("id", id)
                .query((rs, n) -> new NotificationRequest.Attachment(rs.getString("filename"), rs.getString("content_type"),
                        rs.getBytes("content")))
                .list();
    }

    /** Records a delivery; false when the claim of {@code attempt} was no longer this sender's. */
    public boolean markSent(String tenantId, String id, int attempt, Instant at) {
        return jdbc.sql("""
                UPDATE notifications SET status = 'sent', sent_at = :at, next_attempt_at = NULL, last_error = NULL, updated_at = :at
                WHERE tenant_id = :tenant AND id = :id AND status = 'sending' AND attempts = :attempt
                """)
                .param("tenant", tenantId).param("id", id).param("attempt", attempt).param("at", Rows.timestamp(at))
                .update() == 1;
    }

    /**
     * Records a failed attempt: {@code queued} again until {@code nextAttemptAt}, or {@code failed}.
     * False when the claim of {@code attempt} was no longer this sender's.
     */
    public boolean markUnsent(String tenantId, String id, int attempt, NotificationStatus status, Instant nextAttemptAt,
                              String error, Instant at) {
        return jdbc.sql("""
                UPDATE notifications SET status = :status, next_attempt_at = :next, last_error = :error, updated_at = :at
                WHERE tenant_id = :tenant AND id = :id AND status = 'sending' AND attempts = :attempt
                """)
                .param("tenant", tenantId).param("id", id).param("attempt", attempt).param("status", status.apiName())
                .param("next", Rows.timestamp(nextAttemptAt)).param("error", error).param("at", Rows.timestamp(at))
                .update() == 1;
    }

    /** Deletes the notifications of a test clock's customers, with their attachments. */
    public void deleteForTestClock(String tenantId, String testClockId) {
        String ofClock = "SELECT n.id FROM notifications n JOIN customers c ON c.id = n.customer_id"
                + " WHERE n.tenant_id = :tenant AND c.tenant_id = :tenant AND c.test_clock_id = :clock";
        jdbc.sql("DELETE FROM notification_attachments WHERE tenant_id = :tenant AND notification_id IN (" + ofClock + ")")
                .param("tenant", tenantId).param("clock", testClockId).update();
        jdbc.sql("DELETE FROM notifications WHERE tenant_id = :tenant AND id IN (" + ofClock + ")")
                .param("tenant", tenantId).param("clock", testClockId).update();
    }

    private List<Notification> withFiles(String tenantId, List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return notifications;
        }
        Map<String, List<Notification.AttachedFile>> files = new HashMap<>();
        jdbc.sql("""
                SELECT notification_id, filename, content_type, octet_length(content) AS size FROM notification_attachments
                WHERE tenant_id = :tenant AND notification_id = ANY (:ids) ORDER BY notification_id, position
                """)
                .param("tenant", tenantId).param("ids", notifications.stream().map(Notification::id).toArray(String[]::new))
                .query(rs -> {
                    files.computeIfAbsent(rs.getString("notification_id"), k -> new ArrayList<>())
                            .add(new Notification.AttachedFile(rs.getString("filename"), rs.getString("content_type"), rs.getLong("size")));
                });
        return notifications.stream().map(n -> n.withAttachments(files.getOrDefault(n.id(), List.of()))).toList();
    }

    private static Notification map(ResultSet rs, int row) throws SQLException {
        return new Notification(rs.getString("id"), rs.getString("kind"), rs.getString("channel"), rs.getString("recipient"),
                rs.getString("subject"), rs.getString("text_body"), rs.getString("html_body"), rs.getString("customer_id"),
                rs.getString("related_object_id"), NotificationStatus.fromApiName(rs.getString("status")), rs.getInt("attempts"),
                Rows.instant(rs, "next_attempt_at"), rs.getString("last_error"), Rows.instant(rs, "sent_at"),
                Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"), List.of());
    }
}
