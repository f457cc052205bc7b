package io.billstream.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import io.billstream.BillstreamApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real server started in the benchmark's JVM on a free port, over a fresh embedded PostgreSQL in
 * {@code dataDirectory}, with the default settings plus {@code extraArgs}.
 */
final class InProcessServer implements AutoCloseable {

    static final String OPERATOR_KEY = "sk_bench_operator_0123456789abcdefghijklmnop";
    /**
     * A benchmark drives one API key far beyond the default rate limits (100 requests/s, 1,000 for
     * ingestion). It measures the server, so the limits are raised out of reach; the limiter still
     * runs on every request and its cost is in the figures.
     */
    static final List<String> LIMITS_OUT_OF_REACH = List.of(
            "--billstream.rate-limits.rest-quota=1000000", "--billstream.rate-limits.ingestion-quota=1000000");

    private final ConfigurableApplicationContext context;

    private InProcessServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static InProcessServer start(Path dataDirectory, List<String> extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--billstream.db.url=",
                "--billstream.db.embedded.data-directory=" + dataDirectory.resolve("postgres"),
                "--billstream.bootstrap-api-key=" + OPERATOR_KEY,
                "--spring.main.log-startup-info=false",
                "--logging.level.root=warn"));
        args.addAll(LIMITS_OUT_OF_REACH);
        args.addAll(extraArgs);
        return new InProcessServer(SpringApplication.run(BillstreamApplication.class, args.toArray(String[]::new)));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + Objects.requireNonNull(context.getEnvironment().getProperty("local.server.port"));
    }

    /** Connections as the schema owner (the one Flyway migrates with), which bypasses row-level security: for bulk seeding. */
    DataSource ownerDataSource() {
        return context.getBean("migrationDataSource", DataSource.class);
    }

    @Override
    public void close() {
        context.close();
    }
}
