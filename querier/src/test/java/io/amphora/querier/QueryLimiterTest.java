package io.amphora.querier;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class QueryLimiterTest {
    @Test
    void failsOnTheChunkThatGoesOverTheLimitAndOnEveryLaterOne() {
        QueryLimiter limiter = new QueryLimiter(new QueryLimits(0, 10, 0, Duration.ZERO));
        limiter.addChunks(6);
        limiter.addChunks(4);

        assertThatThrownBy(() -> limiter.addChunks(1)).isInstanceOf(QueryLimitExceededException.class)
                .hasMessage("the query hit the max number of chunks limit (limit: 10 chunks)");
        assertThatThrownBy(() -> limiter.addChunks(0)).isInstanceOf(QueryLimitExceededException.class);
        assertThat(limiter.chunkCount()).isEqualTo(11);
    }

    @Test
    void countsDistinctSeriesOnly() {
        QueryLimiter limiter = new QueryLimiter(new QueryLimits(1, 0, 0, Duration.ZERO));
        limiter.addSeries(Labels.of("job", "a"));
        limiter.addSeries(Labels.of("job", "a"));

        assertThat(limiter.seriesCount()).isEqualTo(1);
        assertThatThrownBy(() -> limiter.addSeries(Labels.of("job", "b")))
                .hasMessage("the query hit the max number of series limit (limit: 1 series)");
    }

    @Test
    void zeroMeansNoLimit() {
        QueryLimiter limiter = new QueryLimiter(QueryLimits.NONE);

        assertThatNoException().isThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                limiter.addSeries(Labels.of("i", Integer.toString(i)));
            }
            limiter.addChunks(Integer.MAX_VALUE);
            limiter.addSamples(Long.MAX_VALUE / 2);
        });
        assertThat(limiter.seriesCount()).as("no labels are kept without a series limit").isZero();
    }
}
