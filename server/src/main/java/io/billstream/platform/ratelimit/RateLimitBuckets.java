package io.billstream.platform.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Token buckets in PostgreSQL ({@code rate_limit_buckets}), shared by every server instance.
 *
 * <p>A row lock and a round trip per request would cost the hot paths (ingestion, the entitlement
 * check) more than the limit protects, so each instance keeps its own copy of a bucket and consumes
 * from it locally (Bucket4j's delaying optimisation): it writes what it consumed back to PostgreSQL,
 * and reads what the others consumed, once {@code syncInterval} has passed or it has consumed
 * {@code unsynchronizedShare} percent of the quota, whichever comes first. So with N instances a
 * bucket can be overdrawn by at most N × that share per synchronisation, and one instance alone is
 * exact.
 */
@Component
class RateLimitBuckets implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimitBuckets.class);
    private static final int MAX_CACHED_BUCKETS = 100_000;
    private static final int PURGE_BATCH = 1_000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final Cache<String, BucketProxy> local;
    private final Duration syncInterval;
    private final int unsynchronizedShare;
    private final ScheduledExecutorService purge;
    private final JdbcClient jdbc;
    private final Clock clock;

    @Autowired
    RateLimitBuckets(DataSource dataSource, Clock clock, RateLimitProperties properties) {
        this(dataSource, clock, properties.syncInterval(), properties.unsynchronizedShare(), true);
    }

    /** One instance's view of the shared buckets; tests build several over one database. */
    RateLimitBuckets(DataSource dataSource, Clock clock, Duration syncInterval, int unsynchronizedShare, boolean purgeExpired) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // Every instance must agree on time, so the buckets use the wall clock, from the one injected Clock.
                .clientClock(wallClock(clock))
                // A row may go once its bucket would be full again anyway (plus a margin for clock skew).
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        this.local = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(MAX_CACHED_BUCKETS).build();
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
        this.syncInterval = syncInterval;
        this.unsynchronizedShare = unsynchronizedShare;
        this.purge = purgeExpired ? Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("rate-limit-purge").factory()) : null;
        if (purge != null) {
            purge.scheduleWithFixedDelay(this::purgeExpired, 1, 5, TimeUnit.MINUTES);
        }
    }

    /** Takes one request from {@code holder}'s bucket for {@code policy}. */
    RateLimitDecision take(String holder, RateLimitPolicy policy) {
        String key = policy.bucketKey(holder);
        BucketProxy bucket = local.get(key, ignored -> build(key, policy));
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        long reset = seconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new RateLimitDecision(policy, true, probe.getRemainingTokens(), reset, 0);
        }
        return new RateLimitDecision(policy, false, 0, reset, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /** Writes this instance's unsynchronised consumption to PostgreSQL now (tests; shutdown). */
    void synchronize() {
        local.asMap().values().forEach(bucket -> bucket.getOptimizationController().syncImmediately());
    }

    /**
     * Deletes the rows of buckets that have been full for a while; any instance may, several at once.
     * Bucket4j's own cleaner reads the system clock; this one reads the same clock as the buckets.
     */
    int purgeExpired() {
        int total = 0;
        try {
            int removed;
            do {
                removed = jdbc.sql("""
                                DELETE FROM rate_limit_buckets WHERE id IN (
                                    SELECT id FROM rate_limit_buckets WHERE expires_at < :now LIMIT :batch FOR UPDATE SKIP LOCKED)
                                """)
                        .param("now", clock.millis()).param("batch", PURGE_BATCH)
                        .update();
                total += removed;
            } while (removed == PURGE_BATCH);
        } catch (RuntimeException e) {
            log.warn("Could not purge expired rate-limit buckets", e);
        }
        return total;
    }

    @Override
    public void destroy() {
        if (purge != null) {
            purge.shutdownNow();
        }
        try {
            synchronize();
        } catch (RuntimeException e) {
            log.debug("Rate-limit buckets not synchronised at shutdown", e);
        }
    }

    private BucketProxy build(String key, RateLimitPolicy policy) {
        long unsynchronizedTokens = policy.quota() * unsynchronizedShare / 100;
        var builder = buckets.builder();
        if (unsynchronizedTokens > 0 && syncInterval.isPositive()) {
            builder = builder.withOptimization(Optimizations.delaying(new DelayParameters(unsynchronizedTokens, syncInterval)));
        } else {
            // Too small a quota to share out: every request goes to PostgreSQL, concurrent ones batched into one round trip.
            builder = builder.withOptimization(Optimizations.batching());
        }
        return builder.build(key, policy::bucket);
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
    }

    private static TimeMeter wallClock(Clock clock) {
        return new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                Instant now = clock.instant();
                return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
    }
}
