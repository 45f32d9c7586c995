package io.amphora.querier.conformance;

import io.amphora.model.AmphoraException;
import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Vector;
import io.amphora.promql.promqltest.LoadSeries;
import io.amphora.testing.TestingClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TsdbQueryTargetTest {
    private static final long HOUR = 3_600_000L;

    @TempDir
    Path dir;

    private TsdbQueryTarget target;

    @BeforeEach
    void openTarget() {
        target = new TsdbQueryTarget(dir, new TestingClock(Instant.EPOCH));
    }

    @AfterEach
    void closeTarget() {
        target.close();
    }

    @Test
    void acceptsOneLoadSpanningMoreThanAnHourAcrossSeriesAsOneCommit() {
        target.load(List.of(
                new LoadSeries(Labels.of("__name__", "late"), List.of(
                        LoadSeries.Point.ofFloat(0, 1), LoadSeries.Point.ofFloat(3 * HOUR, 2))),
                new LoadSeries(Labels.of("__name__", "early"), List.of(LoadSeries.Point.ofFloat(0, 7)))));

        assertThat(values(target.instant("early", 0))).containsExactly(7.0);
        assertThat(values(target.instant("late", 3 * HOUR))).containsExactly(2.0);
    }

    @Test
    void refusesALaterLoadOfSamplesMoreThanAnHourOlderThanTheNewest() {
        target.load(List.of(new LoadSeries(Labels.of("__name__", "first"), List.of(LoadSeries.Point.ofFloat(3 * HOUR, 1)))));

        assertThatThrownBy(() -> target.load(List.of(
                new LoadSeries(Labels.of("__name__", "second"), List.of(LoadSeries.Point.ofFloat(0, 1))))))
                .isInstanceOf(AmphoraException.class)
                .hasMessageContaining("out of bounds");
    }

    @Test
    void clearSwitchesToAnEmptyTenant() {
        target.load(List.of(new LoadSeries(Labels.of("__name__", "m"), List.of(LoadSeries.Point.ofFloat(0, 1)))));
        var before = target.tenant();

        target.clear();

        assertThat(target.tenant()).isNotEqualTo(before);
        assertThat(values(target.instant("m", 0))).isEmpty();
        target.load(List.of(new LoadSeries(Labels.of("__name__", "m"), List.of(LoadSeries.Point.ofFloat(0, 2)))));
        assertThat(values(target.instant("m", 0))).containsExactly(2.0);
    }

    @Test
    void readsLaterHistogramsOfAChunkAsNotCounterResets() {
        FloatHistogram empty = FloatHistogram.empty(0, new double[0]);
        target.load(List.of(new LoadSeries(Labels.of("__name__", "h"), List.of(
                LoadSeries.Point.ofHistogram(0, empty), LoadSeries.Point.ofHistogram(60_000, empty)))));

        assertThat(hints(target.instant("h", 0))).containsExactly(CounterResetHint.UNKNOWN);
        assertThat(hints(target.instant("h", 60_000))).containsExactly(CounterResetHint.NOT_COUNTER_RESET);
    }

    private static List<Double> values(QueryResult result) {
        return ((Vector) result.value()).samples().stream().map(Sample::value).toList();
    }

    private static List<CounterResetHint> hints(QueryResult result) {
        return ((Vector) result.value()).samples().stream().map(sample -> sample.histogram().counterResetHint()).toList();
    }
}
