package io.amphora.promql.engine;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AggregationOperatorsTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private static EngineFixture http() {
        return new EngineFixture()
                .series("http", List.of("job", "api", "instance", "0"), MINUTE, 1.0)
                .series("http", List.of("job", "api", "instance", "1"), MINUTE, 4.0)
                .series("http", List.of("job", "db", "instance", "0"), MINUTE, 2.0)
                .series("http", List.of("job", "db", "instance", "1"), MINUTE, Double.NaN);
    }

    @Test
    void sumByAndWithoutGroupOnce() {
        EngineFixture f = http();

        assertThat(((Vector) f.instant("sum by (job) (http)", 0).value()).samples()).containsExactlyInAnyOrder(
                Sample.ofFloat(labels("job", "api"), 0, 5), Sample.ofFloat(labels("job", "db"), 0, Double.NaN));
        assertThat(((Vector) f.instant("count without (instance) (http)", 0).value()).samples())
                .containsExactlyInAnyOrder(Sample.ofFloat(labels("job", "api"), 0, 2),
                        Sample.ofFloat(labels("job", "db"), 0, 2));
        assertThat(((Vector) f.instant("max(http)", 0).value()).samples())
                .containsExactly(Sample.ofFloat(labels(), 0, 4));
    }

    @Test
    void topkListsTheLargestFirstAndSkipsNaN() {
        Vector v = (Vector) http().instant("topk(3, http)", 0).value();

        assertThat(v.samples()).extracting(Sample::value).containsExactly(4.0, 2.0, 1.0);
        Vector bottom = (Vector) http().instant("bottomk by (job) (1, http)", 0).value();
        assertThat(bottom.samples()).extracting(Sample::value).containsExactlyInAnyOrder(1.0, 2.0);
    }

    @Test
    void invalidParametersFailOrWarnAsPrometheus() {
        EngineFixture f = http();

        assertThatThrownBy(() -> f.instant("topk(NaN, http)", 0)).isInstanceOf(QueryException.class)
                .hasMessage("Parameter value is NaN");
        QueryResult quantile = f.instant("quantile(2, http)", 0);
        assertThat(quantile.warnings())
                .containsExactly("PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)");
    }

    @Test
    void countValuesCountsEachValue() {
        EngineFixture f = new EngineFixture()
                .series("version", List.of("i", "0"), MINUTE, 1.0)
                .series("version", List.of("i", "1"), MINUTE, 1.0)
                .series("version", List.of("i", "2"), MINUTE, 2.5);

        Vector v = (Vector) f.instant("count_values(\"v\", version)", 0).value();

        assertThat(v.samples()).containsExactlyInAnyOrder(Sample.ofFloat(labels("v", "1"), 0, 2),
                Sample.ofFloat(labels("v", "2.5"), 0, 1));
    }

    @Test
    void averageAndStandardDeviation() {
        EngineFixture f = new EngineFixture()
                .series("v", List.of("i", "0"), MINUTE, 2.0)
                .series("v", List.of("i", "1"), MINUTE, 4.0);

        assertThat(((Vector) f.instant("avg(v)", 0).value()).samples().getFirst().value()).isEqualTo(3);
        assertThat(((Vector) f.instant("stddev(v)", 0).value()).samples().getFirst().value()).isEqualTo(1);
        assertThat(((Vector) f.instant("quantile(0.5, v)", 0).value()).samples().getFirst().value()).isEqualTo(3);
    }
}
