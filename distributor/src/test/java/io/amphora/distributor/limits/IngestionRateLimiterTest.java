package io.amphora.distributor.limits;

import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IngestionRateLimiterTest {
    private static final TenantId A = TenantId.of("a");
    private static final TenantId B = TenantId.of("b");
    private final TestingClock clock = new TestingClock();
    private final Limits small = Limits.defaults().with(Map.of("ingestion_rate", 100, "ingestion_burst_size", 200));

    @Test
    void allowsABurstThenRefillsAtTheRate() {
        IngestionRateLimiter limiter = new IngestionRateLimiter(Overrides.of(small), clock);
        assertThat(limiter.tryAcquire(A, 200)).isTrue();
        assertThat(limiter.tryAcquire(A, 1)).isFalse();
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire(A, 51)).isFalse();
        assertThat(limiter.tryAcquire(A, 50)).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(limiter.tryAcquire(A, 201)).as("never more than the burst").isFalse();
        assertThat(limiter.tryAcquire(A, 200)).isTrue();
    }

    @Test
    void workspacesHaveTheirOwnBucketsAndLimits() {
        IngestionRateLimiter limiter = new IngestionRateLimiter(Overrides.of(Limits.defaults(), Map.of(A, small)), clock);
        assertThat(limiter.tryAcquire(A, 200)).isTrue();
        assertThat(limiter.tryAcquire(A, 1)).isFalse();
        assertThat(limiter.tryAcquire(B, 1_000_000)).isTrue();
    }

    @Test
    void aForgottenWorkspaceStartsAgainWithAFullBucketAndOthersKeepTheirs() {
        IngestionRateLimiter limiter = new IngestionRateLimiter(Overrides.of(small), clock);
        assertThat(limiter.tryAcquire(A, 200)).isTrue();
        assertThat(limiter.tryAcquire(B, 200)).isTrue();

        limiter.forget(A);
        limiter.forget(TenantId.of("never-seen"));

        assertThat(limiter.tryAcquire(A, 200)).isTrue();
        assertThat(limiter.tryAcquire(B, 1)).isFalse();
    }

    @Test
    void refusalMessageIsCortexs() {
        assertThat(IngestionRateLimiter.message(small, 300, 2))
                .isEqualTo("ingestion rate limit (100) exceeded while adding 300 samples and 2 metadata");
    }
}
