package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.storage.Appender;
import io.amphora.storage.InMemoryQueryable;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.SelectHints;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.amphora.testing.StorageAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitingQueryableTest {
    private static final Matcher UP = Matcher.equal("__name__", "up");

    private final InMemoryQueryable data = new InMemoryQueryable();

    LimitingQueryableTest() {
        Appender appender = data.appender();
        for (String job : new String[] {"a", "b", "c"}) {
            for (long t = 1000; t <= 5000; t += 1000) {
                appender.append(Labels.of("__name__", "up", "job", job), t, t / 1000.0);
            }
        }
        appender.append(Labels.of("__name__", "other"), 1000, 1);
        appender.commit();
    }

    private static LimitingQueryable limited(InMemoryQueryable data, QueryLimiter limiter) {
        return new LimitingQueryable(data, limiter);
    }

    private static QueryLimiter limiter(int maxSeries, long maxSamples, Duration maxLength) {
        return new QueryLimiter(new QueryLimits(maxSeries, 0, maxSamples, maxLength));
    }

    @Test
    void passesEverythingThroughWithinTheLimits() {
        QueryLimiter limiter = limiter(3, 15, Duration.ofSeconds(10));
        var querier = limited(data, limiter).querier(0, 10_000);

        assertThat(querier.select(true, SelectHints.range(0, 10_000), UP))
                .containsExactlySeries("up{job=\"a\"}", "up{job=\"b\"}", "up{job=\"c\"}")
                .hasSeries("up{job=\"b\"}").withSamples(1000L, 1.0, 2000L, 2.0, 3000L, 3.0, 4000L, 4.0, 5000L, 5.0);
        assertThat(querier.labelValues("job")).containsExactly("a", "b", "c");
        assertThat(querier.labelNames()).containsExactly("__name__", "job");
        assertThat(limiter.seriesCount()).isEqualTo(3);
        assertThat(limiter.sampleCount()).isEqualTo(15);
    }

    @Test
    void endsTheSeriesSetWithCortexsMessageWhenTooManySeriesAreSelected() {
        var querier = limited(data, limiter(2, 0, Duration.ZERO)).querier(0, 10_000);

        assertThat(querier.select(true, SelectHints.range(0, 10_000), UP)).hasError()
                .isInstanceOf(QueryLimitExceededException.class)
                .hasMessage("the query hit the max number of series limit (limit: 2 series)");
    }

    @Test
    void countsTheSameSeriesOnceOverSeveralSelectsOfAQuery() {
        QueryLimiter limiter = limiter(3, 0, Duration.ZERO);
        var querier = limited(data, limiter).querier(0, 10_000);

        assertThat(querier.select(true, SelectHints.range(0, 10_000), UP)).hasSeriesCount(3);
        assertThat(querier.select(true, SelectHints.range(0, 10_000), UP, Matcher.equal("job", "a"))).hasSeriesCount(1);
        assertThat(querier.select(true, SelectHints.range(0, 10_000), Matcher.equal("__name__", "other"))).hasError()
                .hasMessage("the query hit the max number of series limit (limit: 3 series)");
    }

    @Test
    void failsTheIterationThatReadsOneSampleTooMany() {
        var querier = limited(data, limiter(0, 7, Duration.ZERO)).querier(0, 10_000);
        SeriesSet set = querier.select(true, SelectHints.range(0, 10_000), UP);
        set.next();
        SampleIterator first = set.at().iterator(null);
        while (first.next() != ValueType.NONE) {
            // five samples
        }
        set.next();
        SampleIterator second = set.at().iterator(first);
        second.next();
        second.next();

        assertThatThrownBy(second::next).isInstanceOf(QueryLimitExceededException.class)
                .hasMessage("the query hit the max number of samples limit (limit: 7 samples)");
    }

    @Test
    void aSeekThatStaysOnTheCurrentSampleDoesNotCountItAgain() {
        QueryLimiter limiter = limiter(0, 100, Duration.ZERO);
        SeriesSet set = limited(data, limiter).querier(0, 10_000).select(true, SelectHints.range(0, 10_000), UP);
        set.next();
        Series series = set.at();
        SampleIterator it = series.iterator(null);

        assertThat(it.seek(2500)).isEqualTo(ValueType.FLOAT);
        assertThat(it.seek(3000)).isEqualTo(ValueType.FLOAT);
        assertThat(it.atT()).isEqualTo(3000);
        assertThat(limiter.sampleCount()).isEqualTo(1);
        assertThat(it.next()).isEqualTo(ValueType.FLOAT);
        assertThat(limiter.sampleCount()).isEqualTo(2);
    }

    @Test
    void refusesASelectLongerThanTheMaxQueryLengthWithCortexsMessage() {
        var querier = limited(data, limiter(0, 0, Duration.ofDays(32))).querier(0, Long.MAX_VALUE / 2);
        long day = Duration.ofDays(1).toMillis();

        assertThat(querier.select(true, SelectHints.range(0, 32 * day), UP)).hasSeriesCount(3);
        assertThat(querier.select(true, SelectHints.range(0, 32 * day + 300_000), UP)).hasError()
                .isInstanceOf(QueryLimitExceededException.class)
                .hasMessage("the query time range exceeds the limit (query length: 768h5m0s, limit: 768h0m0s)");
        assertThat(querier.select(true, null, UP)).hasError().isInstanceOf(QueryLimitExceededException.class);
    }

    @Test
    void writesDurationsAsGoDoes() {
        assertThat(QueryLimitExceededException.goDuration(0)).isEqualTo("0s");
        assertThat(QueryLimitExceededException.goDuration(250)).isEqualTo("250ms");
        assertThat(QueryLimitExceededException.goDuration(1500)).isEqualTo("1.5s");
        assertThat(QueryLimitExceededException.goDuration(300_000)).isEqualTo("5m0s");
        assertThat(QueryLimitExceededException.goDuration(3_600_000)).isEqualTo("1h0m0s");
        assertThat(QueryLimitExceededException.goDuration(3_605_010)).isEqualTo("1h0m5.01s");
        assertThat(QueryLimitExceededException.goDuration(-61_000)).isEqualTo("-1m1s");
    }

    @Test
    void limitsComeFromTheWorkspacesLimits() {
        QueryLimits limits = QueryLimits.of(io.amphora.model.Limits.defaults());

        assertThat(limits).isEqualTo(new QueryLimits(0, 2_000_000, 50_000_000, Duration.ofDays(32)));
        assertThatThrownBy(() -> new QueryLimits(-1, 0, 0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
