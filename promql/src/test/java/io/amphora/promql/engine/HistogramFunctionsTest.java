package io.amphora.promql.engine;

import java.time.Duration;
import java.util.List;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.storage.Appender;
import org.junit.jupiter.api.Test;

import static io.amphora.promql.engine.EngineFixture.labels;
import static io.amphora.promql.engine.EngineFixture.minutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramFunctionsTest {
    private static FloatHistogram histogram(double count, double sum, double... buckets) {
        return new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 0, count, sum,
                new Span[] {new Span(0, buckets.length)}, buckets, new Span[0], new double[0], new double[0]);
    }

    private static EngineFixture withHistograms() {
        EngineFixture f = new EngineFixture();
        Appender appender = f.storage.appender();
        for (int i = 0; i <= 5; i++) {
            appender.appendFloatHistogram(Labels.of("__name__", "h", "i", "0"), minutes(i),
                    histogram(4 * (i + 1), 10 * (i + 1), i + 1, 3 * (i + 1)));
            appender.appendFloatHistogram(Labels.of("__name__", "h", "i", "1"), minutes(i),
                    histogram(2, 5, 1, 1));
        }
        appender.commit();
        return f.series("h", List.of("i", "2"), Duration.ofMinutes(1), 7.0);
    }

    @Test
    void statisticsReadNativeHistogramsOnly() {
        EngineFixture f = withHistograms();

        Vector counts = (Vector) f.instant("histogram_count(h)", minutes(5)).value();

        assertThat(counts.samples()).containsExactlyInAnyOrder(Sample.ofFloat(labels("i", "0"), minutes(5), 24),
                Sample.ofFloat(labels("i", "1"), minutes(5), 2));
    }

    @Test
    void sumOfHistogramsAddsBucketByBucketAndWarnsAboutFloats() {
        EngineFixture f = withHistograms();

        QueryResult mixed = f.instant("sum(h)", minutes(4));
        assertThat(((Vector) mixed.value()).samples()).isEmpty();
        assertThat(mixed.warnings()).containsExactly(
                "PromQL warning: encountered a mix of histograms and floats for aggregation (1:5)");
        Vector sum = (Vector) f.instant("sum(h{i!=\"2\"})", minutes(5)).value();
        FloatHistogram h = sum.samples().getFirst().histogram();
        assertThat(h.count()).isEqualTo(26);
        assertThat(h.sum()).isEqualTo(65);
        assertThat(h.positiveBuckets()).containsExactly(7, 19);
    }

    @Test
    void rateOfHistogramsIsAHistogramPerSecond() {
        EngineFixture f = withHistograms();

        Vector v = (Vector) f.instant("rate(h{i=\"0\"}[5m])", minutes(5)).value();

        FloatHistogram rate = v.samples().getFirst().histogram();
        assertThat(rate.counterResetHint()).isEqualTo(CounterResetHint.GAUGE);
        assertThat(rate.count()).isCloseTo(20.0 / 300, within(1e-9));
        assertThat(((Vector) f.instant("histogram_quantile(0.5, h{i=\"1\"})", 0).value()).samples()).hasSize(1);
    }

    @Test
    void histogramTimesFloatScalesAndUnsupportedOperatorsAreInfos() {
        EngineFixture f = withHistograms();

        Vector doubled = (Vector) f.instant("h{i=\"1\"} * 2", 0).value();
        assertThat(doubled.samples().getFirst().histogram().count()).isEqualTo(4);
        QueryResult plus = f.instant("h{i=\"1\"} + 1", 0);
        assertThat(((Vector) plus.value()).samples()).isEmpty();
        assertThat(plus.infos()).containsExactly("PromQL info: incompatible sample types encountered for binary "
                + "operator \"+\": histogram + float (1:1)");
    }
}
