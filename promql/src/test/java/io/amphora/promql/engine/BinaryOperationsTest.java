package io.amphora.promql.engine;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static io.amphora.promql.engine.EngineFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryOperationsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static EngineFixture requestsAndLimits() {
        return new EngineFixture()
                .series("requests", List.of("method", "GET", "status", "200"), MINUTE, 100.0)
                .series("requests", List.of("method", "POST", "status", "200"), MINUTE, 200.0)
                .series("requests", List.of("method", "GET", "status", "500"), MINUTE, 10.0)
                .series("limits", List.of("status", "200", "owner", "a"), MINUTE, 1000.0)
                .series("limits", List.of("status", "500", "owner", "b"), MINUTE, 50.0);
    }

    @Test
    void oneToOneMatchingDropsTheMetricNameForArithmetic() {
        EngineFixture f = new EngineFixture()
                .series("a", List.of("x", "1"), MINUTE, 3.0)
                .series("b", List.of("x", "1"), MINUTE, 4.0)
                .series("b", List.of("x", "2"), MINUTE, 5.0);

        Vector v = (Vector) f.instant("a + b", 0).value();

        assertThat(v.samples()).containsExactly(Sample.ofFloat(labels("x", "1"), 0, 7));
    }

    @Test
    void filteringComparisonKeepsTheLeftSeriesAndBoolReturnsZeroOrOne() {
        EngineFixture f = new EngineFixture()
                .series("a", List.of("x", "1"), MINUTE, 3.0)
                .series("a", List.of("x", "2"), MINUTE, 9.0)
                .series("b", List.of("x", "1"), MINUTE, 4.0)
                .series("b", List.of("x", "2"), MINUTE, 5.0);

        assertThat(((Vector) f.instant("a > b", 0).value()).samples())
                .containsExactly(Sample.ofFloat(labels("__name__", "a", "x", "2"), 0, 9));
        assertThat(((Vector) f.instant("a > bool b", 0).value()).samples()).containsExactlyInAnyOrder(
                Sample.ofFloat(labels("x", "1"), 0, 0), Sample.ofFloat(labels("x", "2"), 0, 1));
    }

    @Test
    void groupLeftCopiesLabelsFromTheOneSide() {
        Vector v = (Vector) requestsAndLimits()
                .instant("requests / on(status) group_left(owner) limits", 0).value();

        assertThat(v.samples()).containsExactlyInAnyOrder(
                Sample.ofFloat(labels("method", "GET", "status", "200", "owner", "a"), 0, 0.1),
                Sample.ofFloat(labels("method", "POST", "status", "200", "owner", "a"), 0, 0.2),
                Sample.ofFloat(labels("method", "GET", "status", "500", "owner", "b"), 0, 0.2));
    }

    @Test
    void fillValuesStandInForMissingSides() {
        Vector v = (Vector) requestsAndLimits()
                .instant("requests + on(status) group_left fill_left(0) limits", 0).value();

        assertThat(v.samples()).hasSize(3);
        Vector both = (Vector) new EngineFixture()
                .series("l", List.of("k", "a"), MINUTE, 1.0)
                .series("r", List.of("k", "b"), MINUTE, 2.0)
                .instant("l + fill(10) r", 0).value();
        assertThat(both.samples()).containsExactlyInAnyOrder(
                Sample.ofFloat(labels("k", "a"), 0, 11), Sample.ofFloat(labels("k", "b"), 0, 12));
    }

    @Test
    void duplicateSeriesOnTheOneSideFailWithPrometheusText() {
        EngineFixture f = new EngineFixture()
                .series("dup", List.of("label", "alpha"), MINUTE, 1.0)
                .series("dup", List.of("label", "beta"), MINUTE, 2.0)
                .series("single", List.of(), MINUTE, 3.0);

        assertThatThrownBy(() -> f.instant("single + on() dup", 0)).isInstanceOf(QueryException.class)
                .hasMessage("found duplicate series for the match group {} on the right hand-side of the operation: "
                        + "[{__name__=\"dup\", label=\"alpha\"}, {__name__=\"dup\", label=\"beta\"}];many-to-many "
                        + "matching not allowed: matching labels must be unique on one side");
        assertThatThrownBy(() -> f.instant("dup + on() single", 0)).isInstanceOf(QueryException.class)
                .hasMessage("multiple matches for labels: many-to-one matching must be explicit "
                        + "(group_left/group_right)");
    }

    @Test
    void setOperatorsWorkStepByStep() {
        EngineFixture f = new EngineFixture()
                .series("a", List.of("x", "1"), MINUTE, 1.0, 1.0, 1.0)
                .series("b", List.of("x", "1"), MINUTE, null, 2.0, EngineFixture.STALE)
                .series("b", List.of("x", "2"), MINUTE, 3.0, 3.0, 3.0);

        Matrix and = (Matrix) f.range("a and b", 0, minutes(2), 60_000).value();
        assertThat(and.series().getFirst().floatTimestamps()).containsExactly(60_000);
        Matrix unless = (Matrix) f.range("a unless b", 0, minutes(2), 60_000).value();
        assertThat(unless.series().getFirst().floatTimestamps()).containsExactly(0, 120_000);
        Matrix or = (Matrix) f.range("a or on(x) b", 0, minutes(2), 60_000).value();
        assertThat(or.series()).extracting(RangeSeries::labels)
                .containsExactly(labels("__name__", "a", "x", "1"), labels("__name__", "b", "x", "2"));
    }

    @Test
    void vectorScalarArithmeticAndSwappedComparison() {
        EngineFixture f = new EngineFixture().series("a", List.of(), MINUTE, 4.0);

        assertThat(((Vector) f.instant("2 ^ a", 0).value()).samples().getFirst().value()).isEqualTo(16);
        assertThat(((Vector) f.instant("5 > a", 0).value()).samples().getFirst())
                .isEqualTo(Sample.ofFloat(labels("__name__", "a"), 0, 4));
        assertThat(((Vector) f.instant("-a", 0).value()).samples().getFirst())
                .isEqualTo(Sample.ofFloat(labels(), 0, -4));
    }

    @Test
    void namesDroppedLateStillCollideAtTheEnd() {
        EngineFixture f = new EngineFixture()
                .series("a", List.of("x", "1"), MINUTE, 1.0)
                .series("b", List.of("x", "1"), MINUTE, 2.0);

        assertThatThrownBy(() -> f.instant("{x=\"1\"} * 2", 0)).isInstanceOf(QueryException.class)
                .hasMessage("vector cannot contain metrics with the same labelset");
        Vector relabelled = (Vector) f.instant(
                "label_replace({x=\"1\"} * 2, \"__name__\", \"$1\", \"__name__\", \"(.*)\")", 0).value();
        assertThat(relabelled.samples()).hasSize(2);
    }
}
