package io.billstream.notification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.billstream.platform.scheduling.TimeDrivenWork;
import io.billstream.platform.tenancy.TenantContext;
import io.billstream.support.Api;
import io.billstream.support.ApiResponse;
import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server whose {@code spring.mail.*} points at an in-process SMTP server (GreenMail), with retry
 * delays of 1 and 5 minutes (three attempts). A server of its own, beside the shared one of
 * {@link IntegrationTest} (which has no SMTP server): a different configuration needs its own
 * context, and so its own database directory. Tests stop and start the SMTP server to make it fail.
 */
// The same logging levels as the shared server (IntegrationTest): whichever context starts first
// configures logging for the JVM, and OperationsIntegrationTest reads the access log.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "logging.level.billstream.access=debug")
public abstract class SmtpIntegrationTest {

    protected static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    protected static final Duration SECOND_RETRY = Duration.ofMinutes(5);
    protected static final String FROM = "invoices@billstream.test";
    private static final Path DATA_DIRECTORY = Path.of("target", "it-postgres", "smtp-" + UUID.randomUUID());
    private static final int SMTP_PORT = freePort();
    protected static final GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void smtpServer(DynamicPropertyRegistry registry) {
        registry.add("billstream.db.embedded.data-directory", DATA_DIRECTORY::toString);
        registry.add("billstream.db.embedded.settings.fsync", () -> "off");
        registry.add("billstream.bootstrap-api-key", () -> IntegrationTest.OPERATOR_KEY);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("billstream.notifications.from", () -> FROM);
        registry.add("billstream.notifications.retry-delays", () -> FIRST_RETRY + "," + SECOND_RETRY);
    }

    @Value("${local.server.port}")
    protected int port;

    @Autowired
    protected Notifications notifications;

    @Autowired
    protected TransactionTemplate transactions;

    @Autowired
    private List<TimeDrivenWork> timeDrivenWork;

    protected Api api;

    @BeforeEach
    void connectAndStartSmtp() throws FolderException {
        api = new Api(port);
        if (!smtp.isRunning()) {
            smtp.start();
        }
        smtp.purgeEmailFromAllMailboxes();
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp.isRunning()) {
            smtp.stop();
        }
    }

    protected IntegrationTest.TenantFixture newTenant() {
        String slug = "t-" + UUID.randomUUID().toString().substring(0, 12);
        ApiResponse created = api.post("/v1/tenants", IntegrationTest.OPERATOR_KEY,
                "{\"name\":\"Test " + slug + "\",\"slug\":\"" + slug + "\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return new IntegrationTest.TenantFixture(created.json().get("tenant").get("id").asString(),
                created.json().get("admin_key").get("secret").asString());
    }

    protected String request(String tenantId, NotificationRequest request) {
        return TenantContext.callAs(tenantId, () -> transactions.execute(status -> notifications.request(request)));
    }

    /** One tick of the notification module's scheduled work, as if the scheduler ran at {@code now}. */
    protected void tick(Instant now) {
        TimeDrivenWork work = timeDrivenWork.stream()
                .filter(w -> AopUtils.getTargetClass(w).getPackageName().startsWith("io.billstream.notification"))
                .findFirst().orElseThrow();
        work.runDue(now);
    }

    /** Polls the notification until it satisfies {@code condition} (delivery runs in the background). */
    protected JsonNode awaitNotification(String key, String id, Predicate<JsonNode> condition, String description) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode notification;
        do {
            ApiResponse response = api.get("/v1/notifications/" + id, key);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            notification = response.json();
            if (condition.test(notification)) {
                return notification;
            }
            sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("Notification " + id + " never became " + description + ": " + notification);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
