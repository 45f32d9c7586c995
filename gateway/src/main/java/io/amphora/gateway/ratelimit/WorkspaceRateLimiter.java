package io.amphora.gateway.ratelimit;

import io.amphora.model.TenantId;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Per-workspace request rate limits: one Resilience4j {@link RateLimiter} per workspace, in a registry keyed by
 * workspace id. A workspace gets its override when {@code overrides} returns one, else the default; an override that
 * changes is picked up on the workspace's next request (its limiter is replaced, starting with a full burst).
 *
 * <p>{@link #tryAcquire} never waits. A throttled request is answered 429 {@code ThrottlingException}
 * "{@value #THROTTLED_MESSAGE}" and counted in {@code amphora_gateway_throttled_requests_total}. Thread-safe.
 */
public final class WorkspaceRateLimiter {
    public static final String THROTTLED_ERROR_TYPE = "ThrottlingException";
    public static final String THROTTLED_MESSAGE = "Rate exceeded";
    public static final int THROTTLED_HTTP_STATUS = 429;

    private final RateLimit defaultLimit;
    private final Function<TenantId, Optional<RateLimit>> overrides;
    private final RateLimiterRegistry registry = RateLimiterRegistry.ofDefaults();
    private final Counter throttled;

    /**
     * @param defaultLimit the limit of a workspace without override
     * @param overrides the override of a workspace, if any; called on every request, so it must be cheap
     * @param meterRegistry where the throttled-requests counter is registered
     */
    public WorkspaceRateLimiter(RateLimit defaultLimit, Function<TenantId, Optional<RateLimit>> overrides,
                                MeterRegistry meterRegistry) {
        this.defaultLimit = requireNonNull(defaultLimit, "defaultLimit is null");
        this.overrides = requireNonNull(overrides, "overrides is null");
        this.throttled = Counter.builder("amphora_gateway_throttled_requests")
                .description("Requests refused because their workspace exceeded its request rate limit.")
                .register(requireNonNull(meterRegistry, "meterRegistry is null"));
    }

    /** Takes one permit for a request of {@code workspace}: whether the request may proceed. */
    public boolean tryAcquire(TenantId workspace) {
        requireNonNull(workspace, "workspace is null");
        RateLimit limit = limitOf(workspace);
        RateLimiterConfig wanted = config(limit);
        RateLimiter limiter = registry.rateLimiter(workspace.value(), wanted);
        RateLimiterConfig current = limiter.getRateLimiterConfig();
        if (current.getLimitForPeriod() != wanted.getLimitForPeriod()
                || !current.getLimitRefreshPeriod().equals(wanted.getLimitRefreshPeriod())) {
            limiter = RateLimiter.of(workspace.value(), wanted);
            registry.replace(workspace.value(), limiter);
        }
        boolean allowed = limiter.acquirePermission();
        if (!allowed) {
            throttled.increment();
        }
        return allowed;
    }

    /** The limit {@code workspace} runs under now. */
    public RateLimit limitOf(TenantId workspace) {
        return requireNonNull(overrides.apply(workspace), "overrides returned null").orElse(defaultLimit);
    }

    /** Forgets the limiter of {@code workspace} (for a deleted workspace); its next request starts afresh. */
    public void remove(TenantId workspace) {
        registry.remove(requireNonNull(workspace, "workspace is null").value());
    }

    private static RateLimiterConfig config(RateLimit limit) {
        return RateLimiterConfig.custom()
                .limitForPeriod(limit.burst())
                .limitRefreshPeriod(Duration.ofNanos(limit.refreshPeriodNanos()))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Override
    public String toString() {
        return "WorkspaceRateLimiter[default=" + defaultLimit + "]";
    }
}
