package io.billstream.platform.tenancy;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant the current request or job acts for. Set by the web layer once the caller is
 * authenticated, and by {@link #callAs} for work that runs outside a request. Database connections
 * read it to scope row-level security.
 */
public final class TenantContext {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    public static String currentOrNull() {
        return CURRENT.get();
    }

    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static String require() {
        String tenantId = CURRENT.get();
        if (tenantId == null) {
            throw new IllegalStateException("No tenant in context");
        }
        return tenantId;
    }

    /** Makes {@code tenantId} current until the returned scope is closed, then restores the previous one. */
    public static Scope enter(String tenantId) {
        String previous = CURRENT.get();
        CURRENT.set(tenantId);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    public static <T> T callAs(String tenantId, Supplier<T> work) {
        try (Scope ignored = enter(tenantId)) {
            return work.get();
        }
    }

    public static void runAs(String tenantId, Runnable work) {
        try (Scope ignored = enter(tenantId)) {
            work.run();
        }
    }

    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
