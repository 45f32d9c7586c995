package io.amphora.gateway.ratelimit;

/**
 * A request rate limit: {@code requestsPerSecond} sustained, with up to {@code burst} requests at once.
 *
 * <p>Resilience4j's limiter hands out a fixed number of permits per refresh period and does not carry unused ones
 * over, so this limit becomes {@code burst} permits every {@code burst / requestsPerSecond} seconds: the average is
 * the rate, and a workspace idle for a period may send the whole burst at once.
 */
public record RateLimit(double requestsPerSecond, int burst) {
    public RateLimit {
        if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
            throw new IllegalArgumentException("requestsPerSecond must be positive and finite: " + requestsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        if (burst / requestsPerSecond * 1e9 < 1) {
            throw new IllegalArgumentException("the refresh period burst/requestsPerSecond is under a nanosecond");
        }
    }

    /** The refresh period in nanoseconds: {@code burst / requestsPerSecond} seconds. */
    long refreshPeriodNanos() {
        return Math.max(1, Math.round(burst / requestsPerSecond * 1e9));
    }
}
