package io.amphora.distributor.limits;

import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;

import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Per-workspace token buckets for ingested samples (Cortex's local ingestion rate strategy): a bucket holds up
 * to {@code ingestion_burst_size} tokens and refills at {@code ingestion_rate} per second; a push takes one token
 * per sample (and per metadata entry) and is refused whole when the bucket has too few. Limits are looked up on
 * every call, so a reloaded override applies at once. Thread-safe.
 */
public final class IngestionRateLimiter {
    private final Overrides overrides;
    private final InstantSource clock;
    private final ConcurrentHashMap<TenantId, Bucket> buckets = new ConcurrentHashMap<>();

    public IngestionRateLimiter(Overrides overrides, InstantSource clock) {
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Takes {@code n} tokens if available; returns whether it did. */
    public boolean tryAcquire(TenantId tenant, long n) {
        Limits limits = overrides.forTenant(tenant);
        return buckets.computeIfAbsent(tenant, t -> new Bucket(limits.ingestionBurstSize(), clock.millis()))
                .tryAcquire(n, limits.ingestionRate(), limits.ingestionBurstSize(), clock.millis());
    }

    /** Drops the tenant's bucket (its workspace was deleted); a later push starts with a full one. */
    public void forget(TenantId tenant) {
        buckets.remove(requireNonNull(tenant, "tenant is null"));
    }

    /** Cortex's message for a refused push. */
    public static String message(Limits limits, long samples, long metadata) {
        return "ingestion rate limit (" + formatRate(limits.ingestionRate()) + ") exceeded while adding " + samples
                + " samples and " + metadata + " metadata";
    }

    private static String formatRate(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }

    private static final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(double tokens, long nowMillis) {
            this.tokens = tokens;
            this.lastMillis = nowMillis;
        }

        synchronized boolean tryAcquire(long n, double ratePerSecond, int burst, long nowMillis) {
            if (nowMillis > lastMillis) {
                tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * ratePerSecond / 1000.0);
                lastMillis = nowMillis;
            }
            tokens = Math.min(tokens, burst);
            if (n > tokens) {
                return false;
            }
            tokens -= n;
            return true;
        }
    }
}
