package io.billstream.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import javax.sql.DataSource;

import io.billstream.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Two bucket stores over one database stand for two server instances. */
class RateLimitBucketsIntegrationTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void instancesShareOneBucketThroughPostgresql() {
        // A 5-request quota is too small to share out locally: every take goes to PostgreSQL.
        RateLimitBuckets first = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofMillis(50), 10, false);
        RateLimitBuckets second = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofMillis(50), 10, false);
        RateLimitPolicy policy = new RateLimitPolicy("rest", 5, Duration.ofMinutes(1));
        String holder = "key_" + UUID.randomUUID();

        for (int i = 0; i < 3; i++) {
            assertThat(first.take(holder, policy).allowed()).isTrue();
        }
        RateLimitDecision fourth = second.take(holder, policy);
        RateLimitDecision fifth = second.take(holder, policy);
        RateLimitDecision sixth = first.take(holder, policy);

        assertThat(fourth.allowed()).isTrue();
        assertThat(fourth.remaining()).isEqualTo(1);
        assertThat(fifth.remaining()).isZero();
        assertThat(sixth.allowed()).isFalse();
        assertThat(sixth.retryAfterSeconds()).isBetween(11L, 12L);
    }

    @Test
    void anInstanceConsumesLocallyUntilItSynchronises() {
        // Half the quota may be consumed locally before a write to PostgreSQL; no time limit within this test.
        RateLimitBuckets first = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofHours(1), 50, false);
        RateLimitBuckets second = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofHours(1), 50, false);
        RateLimitPolicy policy = new RateLimitPolicy("rest", 10, Duration.ofHours(1));
        String holder = "key_" + UUID.randomUUID();

        assertThat(first.take(holder, policy).remaining()).isEqualTo(9);
        assertThat(first.take(holder, policy).remaining()).isEqualTo(8);
        assertThat(first.take(holder, policy).remaining()).isEqualTo(7);
        // The documented tolerance: the first take created the bucket in PostgreSQL, the next two stayed
        // local, so the other instance has not seen them yet.
        assertThat(second.take(holder, policy).remaining()).isEqualTo(8);

        first.synchronize();
        second.synchronize();

        assertThat(second.take(holder, policy).remaining()).isEqualTo(5);
    }

    /** Also the rough overhead figures in docs/rate-limits.md, printed: local takes against a round trip each. */
    @Test
    void localTakesAreCountedExactlyAndSynchronisedLater() {
        RateLimitBuckets delayed = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofHours(1), 10, false);
        RateLimitBuckets direct = new RateLimitBuckets(dataSource, Clock.systemUTC(), Duration.ofHours(1), 0, false);
        // Refilled so slowly (over ten years) that the counts below are exact.
        RateLimitPolicy policy = new RateLimitPolicy("ingestion", 1_000_000, Duration.ofDays(3650));
        String local = "key_" + UUID.randomUUID();
        String remote = "key_" + UUID.randomUUID();
        delayed.take(local, policy);
        direct.take(remote, policy);

        long started = System.nanoTime();
        RateLimitDecision lastLocal = null;
        for (int i = 0; i < 20_000; i++) {
            lastLocal = delayed.take(local, policy);
        }
        long localNanos = (System.nanoTime() - started) / 20_000;
        started = System.nanoTime();
        RateLimitDecision lastRemote = null;
        for (int i = 0; i < 500; i++) {
            lastRemote = direct.take(remote, policy);
        }
        long remoteNanos = (System.nanoTime() - started) / 500;
        System.out.printf("rate-limit take: %d ns local (delaying), %d ns with a PostgreSQL round trip%n", localNanos, remoteNanos);

        assertThat(lastLocal.remaining()).isEqualTo(1_000_000 - 20_001);
        assertThat(lastRemote.remaining()).isEqualTo(1_000_000 - 501);
        delayed.synchronize();
        assertThat(direct.take(local, policy).remaining()).isEqualTo(1_000_000 - 20_002);
    }

    @Test
    void bucketsFullForAWhileArePurged() {
        // Bucket4j stamps expires_at from the system clock, so this clock starts there.
        MutableClock clock = new MutableClock(Clock.systemUTC().instant());
        RateLimitBuckets buckets = new RateLimitBuckets(dataSource, clock, Duration.ofMillis(50), 10, false);
        RateLimitPolicy policy = new RateLimitPolicy("rest", 1, Duration.ofSeconds(1));
        String holder = "key_" + UUID.randomUUID();
        String key = policy.bucketKey(holder);
        buckets.take(holder, policy);
        assertThat(rows(key)).isEqualTo(1);
        // Full again a second later, and kept for a minute after that.
        assertThat(jdbc.sql("SELECT expires_at FROM rate_limit_buckets WHERE id = :id").param("id", key).query(Long.class).single())
                .isBetween(clock.millis() + 60_000, clock.millis() + 65_000);

        clock.now = clock.now.plus(Duration.ofSeconds(30));
        buckets.purgeExpired();
        assertThat(rows(key)).as("still within a minute of being full").isEqualTo(1);

        clock.now = clock.now.plus(Duration.ofMinutes(2));
        buckets.purgeExpired();
        assertThat(rows(key)).isZero();
    }

    private long rows(String key) {
        return jdbc.sql("SELECT count(*) FROM rate_limit_buckets WHERE id = :id").param("id", key).query(Long.class).single();
    }

    private static final class MutableClock extends Clock {

        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
