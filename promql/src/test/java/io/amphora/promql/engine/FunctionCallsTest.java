package io.amphora.promql.engine;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static io.amphora.promql.engine.EngineFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FunctionCallsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void rateExtrapolatesAndAnnotatesNonCounterNames() {
        EngineFixture f = new EngineFixture()
                .series("requests_total", List.of(), MINUTE, 0.0, 60.0, 120.0, 180.0, 240.0, 300.0)
                .series("gauge", List.of(), MINUTE, 0.0, 60.0, 120.0, 180.0, 240.0, 300.0);

        QueryResult counter = f.instant("rate(requests_total[5m])", minutes(5));
        assertThat(((Vector) counter.value()).samples().getFirst().value()).isCloseTo(1.0, within(1e-9));
        assertThat(counter.infos()).isEmpty();
        QueryResult gauge = f.instant("rate(gauge[5m])", minutes(5));
        assertThat(gauge.infos()).containsExactly("PromQL info: metric might not be a counter, name does not end in "
                + "_total/_sum/_count/_bucket: \"gauge\" (1:6)");
    }

    @Test
    void rangeFunctionsOverSubqueriesUseTheSubqueryGrid() {
        EngineFixture f = new EngineFixture().series("x", List.of(), MINUTE, 1.0, 5.0, 3.0, 4.0);

        Vector max = (Vector) f.instant("max_over_time(x[3m:1m])", minutes(3)).value();

        assertThat(max.samples()).containsExactly(Sample.ofFloat(labels(), minutes(3), 5));
        Vector last = (Vector) f.instant("last_over_time(x[3m:1m])", minutes(3)).value();
        assertThat(last.samples().getFirst().labels()).isEqualTo(labels("__name__", "x"));
    }

    @Test
    void modifiersOnlyWorkWithTheirFunctions() {
        EngineFixture f = new EngineFixture().series("x", List.of(), MINUTE, 1.0, 2.0);

        assertThatThrownBy(() -> f.instant("max_over_time(x[1m] smoothed)", minutes(1)))
                .isInstanceOf(QueryException.class)
                .hasMessage("smoothed modifier can only be used with: delta, increase, rate - not with max_over_time");
    }

    @Test
    void absentReturnsLabelsOfEqualityMatchers() {
        EngineFixture f = new EngineFixture();

        Vector v = (Vector) f.instant("absent(nope{job=\"a\", x=~\"y\"})", 0).value();

        assertThat(v.samples()).containsExactly(Sample.ofFloat(labels("job", "a"), 0, 1));
    }

    @Test
    void labelReplaceRewritesWithCaptureGroups() {
        EngineFixture f = new EngineFixture().series("up", List.of("instance", "host:9090"), MINUTE, 1.0);

        Vector v = (Vector) f.instant("label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")", 0).value();

        assertThat(v.samples().getFirst().labels())
                .isEqualTo(labels("__name__", "up", "instance", "host:9090", "host", "host"));
    }

    @Test
    void sortOrdersInstantResultsAndWarnsInRangeQueries() {
        EngineFixture f = new EngineFixture()
                .series("s", List.of("i", "0"), MINUTE, 3.0)
                .series("s", List.of("i", "1"), MINUTE, 1.0)
                .series("s", List.of("i", "2"), MINUTE, 2.0);

        Vector sorted = (Vector) f.instant("sort_desc(s)", 0).value();
        assertThat(sorted.samples()).extracting(Sample::value).containsExactly(3.0, 2.0, 1.0);
        QueryResult range = f.range("sort(s)", 0, 60_000, 60_000);
        assertThat(range.warnings()).containsExactly("PromQL warning: sort is ineffective for range queries since "
                + "results are always ordered by labels (1:1)");
    }

    @Test
    void timestampOfSelectorIsTheSampleTime() {
        EngineFixture f = new EngineFixture().series("x", List.of(), MINUTE, 1.0, 2.0);

        Vector v = (Vector) f.instant("timestamp(x)", minutes(1) + 30_000).value();

        assertThat(v.samples()).containsExactly(Sample.ofFloat(labels(), minutes(1) + 30_000, 60));
    }

    @Test
    void classicHistogramQuantileInterpolatesInsideTheBucket() {
        EngineFixture f = new EngineFixture()
                .series("h_bucket", List.of("le", "1"), MINUTE, 10.0)
                .series("h_bucket", List.of("le", "2"), MINUTE, 20.0)
                .series("h_bucket", List.of("le", "+Inf"), MINUTE, 20.0);

        Vector v = (Vector) f.instant("histogram_quantile(0.75, h_bucket)", 0).value();

        assertThat(v.samples()).containsExactly(Sample.ofFloat(labels(), 0, 1.5));
    }

    @Test
    void durationExpressionsUseTheQueryStep() {
        EngineFixture f = new EngineFixture().series("x", List.of(), MINUTE, 1.0, 2.0, 3.0, 4.0);

        Matrix m = (Matrix) f.range("count_over_time(x[step() * 2])", minutes(2), minutes(3), 60_000).value();

        assertThat(m.series().getFirst().floatValues()).containsExactly(2, 2);
        assertThatThrownBy(() -> f.instant("x[step()]", 0)).isInstanceOf(QueryException.class)
                .hasMessageEndingWith("duration must be greater than 0");
    }
}
