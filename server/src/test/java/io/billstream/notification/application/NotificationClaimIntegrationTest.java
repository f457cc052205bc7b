package io.billstream.notification.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.billstream.notification.NotificationRequest;
import io.billstream.notification.SmtpIntegrationTest;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.IntegrationTest.TenantFixture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Senders racing for one due notification, as several instances would: exactly one sends it. */
class NotificationClaimIntegrationTest extends SmtpIntegrationTest {

    @Autowired
    NotificationDelivery delivery;

    @Test
    void concurrent_attempts_at_one_due_notification_send_it_once() throws Exception {
        TenantFixture tenant = newTenant();
        smtp.stop();
        String id = request(tenant.id(), new NotificationRequest("invoice.finalized", "ap@globex.example", "Once", "Body", null,
                List.of(), null, null));
        JsonNode queued = awaitNotification(tenant.adminKey(), id, n -> n.get("attempts").asInt() == 1
                && n.get("status").asString().equals("queued"), "queued after one attempt");
        smtp.start();
        Instant due = Instant.parse(queued.get("next_attempt_at").asString()).plusSeconds(1);

        // Attempts straight at the delivery, past this instance's queue (which would drop duplicates
        // before they reach the database): only the claim in the database keeps them apart.
        int senders = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> attempts = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(senders)) {
            for (int i = 0; i < senders; i++) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    TenantContext.runAs(tenant.id(), () -> delivery.attempt(id, due));
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> attempt : attempts) {
                attempt.get();
            }
        }

        JsonNode sent = awaitNotification(tenant.adminKey(), id, n -> n.get("status").asString().equals("sent"), "sent");
        assertThat(sent.get("attempts").asInt()).isEqualTo(2);
        sleep(500);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }
}
