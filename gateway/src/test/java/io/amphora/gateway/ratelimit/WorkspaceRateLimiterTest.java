package io.amphora.gateway.ratelimit;

import io.amphora.model.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceRateLimiterTest {
    private static final TenantId ONE = TenantId.of("ws-1");
    private static final TenantId TWO = TenantId.of("ws-2");
    /** Slow enough that no permit comes back while a test runs: the burst is all a workspace gets. */
    private static final RateLimit THREE_PER_HOUR = new RateLimit(3.0 / 3600, 3);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<TenantId, RateLimit> overrides = new ConcurrentHashMap<>();
    private final WorkspaceRateLimiter limiter = new WorkspaceRateLimiter(THREE_PER_HOUR,
            workspace -> Optional.ofNullable(overrides.get(workspace)), registry);

    @Test
    void allowsTheBurstThenThrottles() {
        assertThat(limiter.tryAcquire(ONE)).isTrue();
        assertThat(limiter.tryAcquire(ONE)).isTrue();
        assertThat(limiter.tryAcquire(ONE)).isTrue();

        assertThat(limiter.tryAcquire(ONE)).isFalse();
        assertThat(limiter.tryAcquire(ONE)).isFalse();
        assertThat(registry.get("amphora_gateway_throttled_requests").counter().count()).isEqualTo(2);
    }

    @Test
    void limitsEachWorkspaceOnItsOwn() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(ONE);
        }

        assertThat(limiter.tryAcquire(ONE)).isFalse();
        assertThat(limiter.tryAcquire(TWO)).isTrue();
    }

    @Test
    void appliesAWorkspaceOverride() {
        overrides.put(TWO, new RateLimit(1.0 / 3600, 1));

        assertThat(limiter.limitOf(TWO)).isEqualTo(new RateLimit(1.0 / 3600, 1));
        assertThat(limiter.limitOf(ONE)).isEqualTo(THREE_PER_HOUR);
        assertThat(limiter.tryAcquire(TWO)).isTrue();
        assertThat(limiter.tryAcquire(TWO)).isFalse();
    }

    @Test
    void picksUpAChangedOverrideOnTheNextRequest() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(ONE);
        }
        assertThat(limiter.tryAcquire(ONE)).isFalse();

        overrides.put(ONE, new RateLimit(10.0 / 3600, 10));

        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire(ONE)).as("request %d under the raised limit", i).isTrue();
        }
        assertThat(limiter.tryAcquire(ONE)).isFalse();
    }

    @Test
    void refillsAfterTheRefreshPeriod() throws InterruptedException {
        WorkspaceRateLimiter fast = new WorkspaceRateLimiter(new RateLimit(1000, 2), workspace -> Optional.empty(),
                registry);
        assertThat(fast.tryAcquire(ONE)).isTrue();
        assertThat(fast.tryAcquire(ONE)).isTrue();

        // A 2 ms refresh period: permits return without the test depending on the scheduler's precision.
        long deadline = System.nanoTime() + 2_000_000_000L;
        boolean refilled = false;
        while (!refilled && System.nanoTime() < deadline) {
            Thread.sleep(5);
            refilled = fast.tryAcquire(ONE);
        }
        assertThat(refilled).isTrue();
    }

    @Test
    void forgetsARemovedWorkspace() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(ONE);
        }

        limiter.remove(ONE);

        assertThat(limiter.tryAcquire(ONE)).isTrue();
    }

    @Test
    void turnsRateAndBurstIntoPermitsPerPeriod() {
        assertThat(new RateLimit(100, 1000).refreshPeriodNanos()).isEqualTo(10_000_000_000L);
        assertThat(new RateLimit(1000, 1).refreshPeriodNanos()).isEqualTo(1_000_000L);
        assertThatThrownBy(() -> new RateLimit(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(1e12, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
