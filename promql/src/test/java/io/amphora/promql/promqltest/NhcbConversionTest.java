package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NhcbConversionTest {
    @Test
    void convertsEachClassicFamilyIntoOneCustomBucketHistogramPerTimestamp() {
        List<LoadSeries> converted = convert(
                "  m_bucket{job=\"a\",le=\"1\"} 1 2",
                "  m_bucket{job=\"a\",le=\"+Inf\"} 3 5",
                "  m_bucket{job=\"a\",le=\"0.5\"} 0 1",
                "  m_sum{job=\"a\"} 4 8",
                "  m_count{job=\"a\"} 3 5",
                "  other 1 1");

        assertThat(converted).singleElement().satisfies(series -> {
            assertThat(series.labels()).isEqualTo(Labels.of("__name__", "m", "job", "a"));
            assertThat(series.points()).extracting(LoadSeries.Point::timestamp).containsExactly(0L, 60_000L);
            FloatHistogram first = series.points().getFirst().histogram();
            assertThat(first.schema()).isEqualTo(FloatHistogram.CUSTOM_BUCKETS_SCHEMA);
            assertThat(first.customValues()).containsExactly(0.5, 1.0);
            assertThat(first.count()).isEqualTo(3);
            assertThat(first.sum()).isEqualTo(4);
            assertThat(first.positiveSpans()).containsExactly(new Span(1, 2));
            assertThat(first.positiveBuckets()).containsExactly(1.0, 2.0);
            FloatHistogram second = series.points().get(1).histogram();
            assertThat(second.positiveSpans()).containsExactly(new Span(0, 3));
            assertThat(second.positiveBuckets()).containsExactly(1.0, 1.0, 3.0);
        });
    }

    @Test
    void addsTheInfBucketFromTheCountOrTheCountFromTheHighestBucket() {
        FloatHistogram withCount = single(convert("  m_bucket{le=\"1\"} 1", "  m_count 4"));
        FloatHistogram withoutCount = single(convert("  m_bucket{le=\"1\"} 1", "  m_bucket{le=\"2\"} 3"));

        assertThat(withCount.customValues()).containsExactly(1.0);
        assertThat(withCount.positiveBuckets()).containsExactly(1.0, 3.0);
        assertThat(withoutCount.count()).isEqualTo(3);
        assertThat(withoutCount.customValues()).containsExactly(1.0, 2.0);
        assertThat(withoutCount.positiveSpans()).containsExactly(new Span(0, 2));
    }

    @Test
    void integerCountsKeepUpToTwoEmptyBucketsInASpanAndFloatCountsNone() {
        FloatHistogram integral = single(convert("  m_bucket{le=\"1\"} 1", "  m_bucket{le=\"2\"} 1",
                "  m_bucket{le=\"3\"} 1", "  m_bucket{le=\"+Inf\"} 2"));
        FloatHistogram fractional = single(convert("  m_bucket{le=\"1\"} 0.5", "  m_bucket{le=\"2\"} 0.5",
                "  m_bucket{le=\"3\"} 0.5", "  m_bucket{le=\"+Inf\"} 2"));

        assertThat(integral.positiveSpans()).containsExactly(new Span(0, 4));
        assertThat(integral.positiveBuckets()).containsExactly(1.0, 0.0, 0.0, 1.0);
        assertThat(fractional.positiveSpans()).containsExactly(new Span(0, 1), new Span(2, 1));
        assertThat(fractional.positiveBuckets()).containsExactly(0.5, 1.5);
    }

    @Test
    void ignoresBucketsWhoseBoundIsNotANumberAndHistogramSamples() {
        List<LoadSeries> converted = convert("  m_bucket{le=\"x\"} 1", "  m_bucket{le=\"+inf\"} 2",
                "  m_count {{count:1}}");

        assertThat(single(converted).count()).isEqualTo(2);
        assertThat(NhcbConversion.parseBound("-.25")).isEqualTo(-0.25);
        assertThat(NhcbConversion.parseBound("2.0e-1")).isEqualTo(0.2);
        assertThat(NhcbConversion.parseBound("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NhcbConversion.parseBound("NaN")).isNaN();
    }

    @Test
    void rejectsBucketCountsThatAreNotCumulativeOrDisagreeWithTheCount() {
        assertThatThrownBy(() -> convert("  m_bucket{le=\"1\"} 2", "  m_bucket{le=\"2\"} 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not cumulative");
        assertThatThrownBy(() -> convert("  m_bucket{le=\"2\"} 1", "  m_bucket{le=\"1\"} 2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not cumulative");
        assertThatThrownBy(() -> convert("  m_bucket{le=\"+Inf\"} 2", "  m_count 3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count mismatch");
        assertThatThrownBy(() -> convert("  m_bucket{le=\"1\"} -1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-negative");
        assertThatThrownBy(() -> convert("  m_bucket 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected bucket label");
    }

    @Test
    void plainLoadConvertsNothing() {
        Load load = (Load) TestScript.parse("t.test", "load 1m\n  m_bucket{le=\"1\"} 1").commands().getFirst();

        assertThat(LoadConversion.series(load)).extracting(LoadSeries::labels)
                .containsExactly(Labels.of("__name__", "m_bucket", "le", "1"));
    }

    private static List<LoadSeries> convert(String... seriesLines) {
        Load load = (Load) TestScript.parse("t.test", "load_with_nhcb 1m\n" + String.join("\n", seriesLines))
                .commands().getFirst();
        return NhcbConversion.convert(load);
    }

    private static FloatHistogram single(List<LoadSeries> converted) {
        assertThat(converted).hasSize(1);
        assertThat(converted.getFirst().points()).hasSize(1);
        return converted.getFirst().points().getFirst().histogram();
    }
}
