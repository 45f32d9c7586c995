package io.amphora.testing;

import io.amphora.model.Labels;
import io.amphora.storage.ArraySeries;
import io.amphora.storage.EmptySeriesSet;
import io.amphora.storage.FailedSeriesSet;
import io.amphora.storage.ListSeriesSet;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.amphora.testing.StorageAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StorageAssertionsTest {
    private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final Series UP_API = new ArraySeries(Labels.of("__name__", "up", "job", "api"),
            new long[] {1000, 2000}, new double[] {1, 0});
    private static final Series UP_WEB = new ArraySeries(Labels.of("__name__", "up", "job", "web"),
            new long[] {1000}, new double[] {Double.NaN});

    @Test
    void passesWhenTheSetHoldsTheSeriesWithTheseSamples() {
        assertThat(set(UP_API, UP_WEB))
                .hasNoError()
                .hasNoWarnings()
                .hasSeriesCount(2)
                .containsExactlySeries("{__name__=\"up\", job=\"api\"}", "up{job=\"web\"}")
                .doesNotHaveSeries("up{job=\"db\"}")
                .hasSeries("{__name__=\"up\", job=\"api\"}").withSamples(1000L, 1.0, 2000L, 0.0)
                .withValues(1, 0)
                .withTimestamps(1000, 2000)
                .withSampleCount(2)
                .and()
                .hasSeries("up{job=\"web\"}").withValues(Double.NaN);
    }

    @Test
    void acceptsIntegersAndWholeDoublesAsTimestamps() {
        assertThat(set(UP_API)).hasSeries("up{job=\"api\"}").withSamples(1000, 1, 2000.0, 0);
    }

    @Test
    void passesForAnEmptySet() {
        assertThat(EmptySeriesSet.INSTANCE).isEmpty();
        assertThat(set()).hasSeriesCount(0);
    }

    @Test
    void failsWhenTheSeriesIsMissingAndListsWhatWasThere() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"db\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to contain\n  {__name__=\"up\", job=\"db\"}")
                .hasMessageContaining("{__name__=\"up\", job=\"api\"} [1000: 1.0, 2000: 0.0]");
    }

    @Test
    void failsOnADifferentValueAndPointsAtTheFirstDifference() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}")
                .withSamples(1000L, 1.0, 2000L, 5.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[series {__name__=\"up\", job=\"api\"}]")
                .hasMessageContaining("[1000: 1.0, 2000: 5.0]")
                .hasMessageContaining("but had:\n  [1000: 1.0, 2000: 0.0]")
                .hasMessageContaining("first difference at index 1: expected 2000: 5.0 but was 2000: 0.0");
    }

    @Test
    void failsOnADifferentTimestamp() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}")
                .withSamples(1000L, 1.0, 3000L, 0.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("first difference at index 1");
    }

    @Test
    void failsOnMissingAndExtraSamples() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}").withSamples(1000L, 1.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unexpected extra samples from index 1");
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}")
                .withSamples(1000L, 1.0, 2000L, 0.0, 3000L, 0.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("missing samples from index 2");
    }

    @Test
    void comparesValuesBitForBit() {
        Series staleAndNegativeZero = new ArraySeries(Labels.of("__name__", "x"),
                new long[] {1, 2}, new double[] {STALE_NAN, -0.0});

        assertThat(set(staleAndNegativeZero)).hasSeries("x").withValues(STALE_NAN, -0.0);
        assertThatThrownBy(() -> assertThat(set(staleAndNegativeZero)).hasSeries("x").withValues(Double.NaN, -0.0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[NaN, -0.0]")
                .hasMessageContaining("[StaleNaN, -0.0]");
        assertThatThrownBy(() -> assertThat(set(staleAndNegativeZero)).hasSeries("x").withValues(STALE_NAN, 0.0))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void namesUnusualNaNPayloads() {
        assertThat(SeriesAssert.value(Double.longBitsToDouble(0x7ff8000000000123L)))
                .isEqualTo("NaN(0x7ff8000000000123)");
        assertThat(SeriesAssert.value(Double.NaN)).isEqualTo("NaN");
        assertThat(SeriesAssert.value(STALE_NAN)).isEqualTo("StaleNaN");
        assertThat(SeriesAssert.value(-0.0)).isEqualTo("-0.0");
    }

    @Test
    void failsOnTheWrongSeriesCountOrOrder() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeriesCount(2))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting 2 series but got 1 series");
        assertThatThrownBy(() -> assertThat(set(UP_API)).isEmpty())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting no series");
        assertThatThrownBy(() -> assertThat(set(UP_API, UP_WEB))
                .containsExactlySeries("up{job=\"web\"}", "up{job=\"api\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("in order");
        assertThatThrownBy(() -> assertThat(set(UP_API)).doesNotHaveSeries("up{job=\"api\"}"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void failsWhenASeriesAppearsTwice() {
        assertThatThrownBy(() -> assertThat(set(UP_API, UP_API)).hasSeries("up{job=\"api\"}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("held it 2 times");
    }

    @Test
    void contentAssertionsFailWhenTheSetEndedWithAnError() {
        FailedSeriesSet failed = new FailedSeriesSet(new IllegalStateException("chunk checksum mismatch"));

        assertThatThrownBy(() -> assertThat(failed).isEmpty())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("chunk checksum mismatch");
        assertThat(new FailedSeriesSet(new IllegalStateException("boom"))).hasError()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasError())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ended normally");
    }

    @Test
    void anExceptionThrownWhileReadingCountsAsTheSetsError() {
        Series broken = new Series() {
            @Override
            public Labels labels() {
                return Labels.of("__name__", "broken");
            }

            @Override
            public SampleIterator iterator(SampleIterator reuse) {
                return new SampleIterator() {
                    @Override
                    public ValueType next() {
                        throw new IllegalStateException("corrupt chunk");
                    }

                    @Override
                    public ValueType seek(long t) {
                        return next();
                    }

                    @Override
                    public long atT() {
                        throw new IllegalStateException();
                    }

                    @Override
                    public long atStartTimestamp() {
                        throw new IllegalStateException();
                    }

                    @Override
                    public double atValue() {
                        throw new IllegalStateException();
                    }

                    @Override
                    public io.amphora.model.histogram.Histogram atHistogram() {
                        throw new IllegalStateException();
                    }

                    @Override
                    public io.amphora.model.histogram.FloatHistogram atFloatHistogram() {
                        throw new IllegalStateException();
                    }
                };
            }
        };

        assertThat(set(broken)).hasError().hasMessage("corrupt chunk");
    }

    @Test
    void checksWarnings() {
        ListSeriesSet withWarnings = new ListSeriesSet(List.of(UP_API), List.of("partial result", "slow ingester"));

        assertThat(withWarnings).hasWarnings("slow ingester", "partial result");
        assertThatThrownBy(() -> assertThat(new ListSeriesSet(List.of(), List.of("partial result"))).hasNoWarnings())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("partial result");
        assertThatThrownBy(() -> assertThat(new ListSeriesSet(List.of(), List.of("a"))).hasWarnings("a", "b"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void rejectsAnOddNumberOfTimestampsAndValuesOrFractionalTimestamps() {
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}").withSamples(1000L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> assertThat(set(UP_API)).hasSeries("up{job=\"api\"}").withSamples(1000.5, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a whole number");
    }

    @Test
    void failsForANullSet() {
        assertThatThrownBy(() -> assertThat((SeriesSet) null).isEmpty()).isInstanceOf(AssertionError.class);
    }

    private static SeriesSet set(Series... series) {
        return new ListSeriesSet(List.of(series));
    }
}
