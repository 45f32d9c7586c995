package io.amphora.promql.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.amphora.model.Labels;
import io.amphora.promql.parser.ParserOptions;
import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static io.amphora.promql.engine.EngineFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryEngineTest {
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    @Test
    void instantSelectorReturnsNewestSampleWithinLookback() {
        EngineFixture f = new EngineFixture().series("up", List.of("job", "a"), Duration.ofMinutes(1), 1.0, 2.0, 3.0);

        QueryResult result = f.instant("up", minutes(2) + 30_000);

        assertThat(result.value()).isEqualTo(new Vector(List.of(
                Sample.ofFloat(labels("__name__", "up", "job", "a"), minutes(2) + 30_000, 3.0))));
    }

    @Test
    void sampleExactlyLookbackOldIsNoLongerVisible() {
        EngineFixture f = new EngineFixture().series("x", List.of(), FIVE_MINUTES, 1.0);

        assertThat(((Vector) f.instant("x", 299_000).value()).samples()).hasSize(1);
        assertThat(((Vector) f.instant("x", 300_000).value()).samples()).isEmpty();
    }

    @Test
    void staleMarkerEndsSeriesAtOnce() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0, EngineFixture.STALE);

        assertThat(((Vector) f.instant("x", 30_000).value()).samples()).hasSize(1);
        assertThat(((Vector) f.instant("x", 90_000).value()).samples()).isEmpty();
    }

    @Test
    void rangeQueryReturnsMatrixSortedByLabels() {
        EngineFixture f = new EngineFixture()
                .series("m", List.of("i", "b"), Duration.ofMinutes(1), 1.0, 2.0, 3.0)
                .series("m", List.of("i", "a"), Duration.ofMinutes(1), 10.0, 20.0, null);

        Matrix matrix = (Matrix) f.range("m * 2", 0, minutes(2), 60_000).value();

        assertThat(matrix.series()).extracting(RangeSeries::labels).containsExactly(labels("i", "a"), labels("i", "b"));
        RangeSeries a = matrix.series().getFirst();
        assertThat(a.floatTimestamps()).containsExactly(0, 60_000, 120_000);
        assertThat(a.floatValues()).containsExactly(20, 40, 40);
    }

    @Test
    void scalarAndStringQueriesReturnTheirTypes() {
        EngineFixture f = new EngineFixture();

        assertThat(f.instant("1 + 2 * 3", 5_000).value()).isEqualTo(new Scalar(5_000, 7));
        assertThat(f.instant("\"hello\"", 5_000).value()).isEqualTo(new StringValue(5_000, "hello"));
        Matrix range = (Matrix) f.range("time()", 0, 20_000, 10_000).value();
        assertThat(range.series().getFirst().floatValues()).containsExactly(0, 10, 20);
    }

    @Test
    void instantQueryOfRangeSelectorReturnsRawPoints() {
        EngineFixture f = new EngineFixture().series("c", List.of(), Duration.ofMinutes(1), 1.0, 2.0, 3.0, 4.0);

        Matrix matrix = (Matrix) f.instant("c[2m]", minutes(3)).value();

        assertThat(matrix.series()).hasSize(1);
        assertThat(matrix.series().getFirst().floatTimestamps()).containsExactly(minutes(2), minutes(3));
    }

    @Test
    void parseErrorsAreBadDataWithPrometheusText() {
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.instant("sum(", 0))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(QueryErrorType.BAD_DATA);
                    assertThat(e.getMessage()).startsWith("1:5: parse error:");
                });
    }

    @Test
    void rangeQueryRejectsNonPositiveStepAndRangeVectors() {
        EngineFixture f = new EngineFixture();

        assertThatThrownBy(() -> f.range("1", 0, 10, 0)).isInstanceOf(QueryException.class)
                .hasMessageContaining("zero or negative query resolution step widths are not accepted");
        assertThatThrownBy(() -> f.range("x[5m]", 0, 10, 1)).isInstanceOf(QueryException.class)
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector");
    }

    @Test
    void exceedingMaxSamplesFailsWithPrometheusText() {
        EngineOptions small = new EngineOptions(ParserOptions.allFeatures(), EngineOptions.DEFAULT_LOOKBACK_DELTA, 5,
                Duration.ofSeconds(10), EngineOptions.DEFAULT_SUBQUERY_STEP, true, false);
        EngineFixture f = new EngineFixture(small);
        for (int i = 0; i < 3; i++) {
            f.series(labels("__name__", "x", "i", Integer.toString(i)), Duration.ofMinutes(1), 1.0, 1.0, 1.0);
        }

        assertThat(((Vector) f.instant("x", 0).value()).samples()).hasSize(3);
        assertThatThrownBy(() -> f.range("x", 0, minutes(2), 60_000))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(QueryErrorType.EXECUTION);
                    assertThat(e.getMessage()).isEqualTo(
                            "query processing would load too many samples into memory in query execution");
                });
    }

    @Test
    void queryRunningPastItsTimeoutFails() {
        AtomicLong now = new AtomicLong();
        InstantSource advancing = () -> Instant.ofEpochMilli(now.getAndAdd(1_000));
        QueryEngine engine = new QueryEngine(EngineOptions.conformanceTests(), advancing);
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0);

        QueryOptions shortTimeout = new QueryOptions(null, Duration.ofMillis(500), false, () -> false);
        assertThatThrownBy(() -> engine.instantQuery(f.storage, "x", 0, shortTimeout))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(QueryErrorType.TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("query timed out in expression evaluation");
                });
    }

    @Test
    void cancelledQueryFails() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0);
        QueryOptions cancelled = new QueryOptions(null, null, false, () -> true);

        assertThatThrownBy(() -> f.engine().instantQuery(f.storage, "x", 0, cancelled))
                .isInstanceOfSatisfying(QueryException.class,
                        e -> assertThat(e.type()).isEqualTo(QueryErrorType.CANCELED));
    }

    @Test
    void statisticsCountSamplesPerStep() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0, 2.0, 3.0);

        QueryResult result = f.engine().rangeQuery(f.storage, "x", 0, minutes(2), 60_000,
                new QueryOptions(null, null, true, () -> false));

        assertThat(result.stats().totalSamples()).isEqualTo(3);
        assertThat(result.stats().totalSamplesPerStep()).containsExactly(1, 1, 1);
        assertThat(result.stats().stepTimestamps()).containsExactly(0, 60_000, 120_000);
        assertThat(result.stats().peakSamples()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void atModifierPinsSelectorToFixedTime() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0, 2.0, 3.0);

        Matrix matrix = (Matrix) f.range("x @ 60", 0, minutes(2), 60_000).value();

        assertThat(matrix.series().getFirst().floatValues()).containsExactly(2, 2, 2);
        Matrix startEnd = (Matrix) f.range("x @ end() - x @ start()", 0, minutes(2), 60_000).value();
        assertThat(startEnd.series().getFirst().floatValues()).containsExactly(2, 2, 2);
    }

    @Test
    void offsetShiftsSelectorBackInTime() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0, 2.0, 3.0);

        Vector vector = (Vector) f.instant("x offset 1m", minutes(2)).value();

        assertThat(vector.samples().getFirst().value()).isEqualTo(2);
        assertThat(vector.samples().getFirst().labels()).isEqualTo(Labels.of("__name__", "x"));
    }

    @Test
    void longOperatorChainsEvaluate() {
        EngineFixture f = new EngineFixture().series("x", List.of(), Duration.ofMinutes(1), 1.0);

        String chain = "x" + " or x".repeat(2_000);
        assertThat(((Vector) f.instant(chain, 0).value()).samples()).hasSize(1);
        assertThat(f.instant("1" + " + 1".repeat(2_000), 0).value()).isEqualTo(new Scalar(0, 2_001));
    }
}
