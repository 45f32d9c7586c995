package io.amphora.promql.engine;

import io.amphora.promql.ast.PositionRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnotationsTest {
    @Test
    void sameTextIsReportedOnceWithTheLatestPosition() {
        Annotations a = new Annotations();
        a.warn("w", PositionRange.of(0, 1));
        a.warn("w", PositionRange.of(4, 5));
        a.info("i", PositionRange.of(2, 3));

        assertThat(a.warnings("abcdef")).containsExactly("PromQL warning: w (1:5)");
        assertThat(a.infos("abcdef")).containsExactly("PromQL info: i (1:3)");
    }

    @Test
    void forcedMonotonicityAccumulatesBucketsAndTimes() {
        Annotations a = new Annotations();
        a.forcedMonotonicity("m", PositionRange.of(0, 1), 60_000, 0.5, 1, 0.25);
        a.forcedMonotonicity("m", PositionRange.of(0, 1), 120_000, 0.1, 2, 0.125);

        assertThat(a.infos("x")).containsExactly("PromQL info: input to histogram_quantile needed to be fixed for "
                + "monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/"
                + "#histogram_quantile) for metric name \"m\", from buckets 0.1 to 2, with a max diff of 0.25, over 2 "
                + "samples from 1970-01-01T00:01:00Z to 1970-01-01T00:02:00Z (1:1)");
    }

    @Test
    void goPrecisionFormatMatchesFmt() {
        assertThat(GoFloats.formatG(0.5, 2)).isEqualTo("0.5");
        assertThat(GoFloats.formatG(12, 2)).isEqualTo("12");
        assertThat(GoFloats.formatG(123, 2)).isEqualTo("1.2e+02");
        assertThat(GoFloats.formatG(100, 2)).isEqualTo("1e+02");
        assertThat(GoFloats.formatG(0, 2)).isEqualTo("0");
        assertThat(GoFloats.formatG(0.000012345, 2)).isEqualTo("1.2e-05");
        assertThat(GoFloats.formatOpenMetrics(1)).isEqualTo("1.0");
        assertThat(GoFloats.formatOpenMetrics(0.25)).isEqualTo("0.25");
        assertThat(GoFloats.formatOpenMetrics(2)).isEqualTo("2.0");
    }

    @Test
    void xxHash64MatchesTheReferenceVectors() {
        assertThat(XxHash64.hash(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(XxHash64.hash("abc".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(0x44BC2CF5AD770999L);
    }
}
