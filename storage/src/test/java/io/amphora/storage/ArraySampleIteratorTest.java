package io.amphora.storage;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArraySampleIteratorTest {
    private static final long[] TIMESTAMPS = {10, 20, 30, 40, 99};
    private static final double[] VALUES = {1, 2, 3, 4, 99};

    @Test
    void iteratesTheFirstSizeSamplesInOrder() {
        ArraySampleIterator iterator = new ArraySampleIterator(TIMESTAMPS, VALUES, 4);

        for (int i = 0; i < 4; i++) {
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(TIMESTAMPS[i]);
            assertThat(iterator.atValue()).isEqualTo(VALUES[i]);
        }
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void reportsEachSamplesStartTimestampOrZeroWithoutThem() {
        ArraySampleIterator iterator =
                new ArraySampleIterator(TIMESTAMPS, VALUES, null, new long[] {5, 0, 25, 35, 0}, 4);

        assertThatThrownBy(iterator::atStartTimestamp).isInstanceOf(IllegalStateException.class);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(5);
        assertThat(iterator.seek(30)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(25);
        assertThat(iterator.seek(20)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(25);

        iterator.reset(TIMESTAMPS, VALUES, 4);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isZero();
    }

    @Test
    void refusesStartTimestampsShorterThanSize() {
        assertThatThrownBy(() -> new ArraySampleIterator(TIMESTAMPS, VALUES, null, new long[3], 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArraySeries(Labels.of("__name__", "m"), TIMESTAMPS, VALUES, null, new long[3], 4))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arraySeriesHandsItsStartTimestampsToReusedIterators() {
        ArraySeries series = new ArraySeries(Labels.of("__name__", "m"), TIMESTAMPS, VALUES, null,
                new long[] {1, 2, 3, 4, 5}, 2);
        SampleIterator reuse = new ArraySampleIterator(new long[] {7}, new double[] {7}, 1);

        SampleIterator iterator = series.iterator(reuse);

        assertThat(iterator).isSameAs(reuse);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(1);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(2);
    }

    @Test
    void seeksToTheFirstSampleAtOrAfterTheTimestampAndNeverBackwards() {
        ArraySampleIterator iterator = new ArraySampleIterator(TIMESTAMPS, VALUES, 4);

        assertThat(iterator.seek(5)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(10);
        assertThat(iterator.seek(25)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(30);
        assertThat(iterator.seek(30)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(30);
        assertThat(iterator.seek(10)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(30);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(40);
    }

    @Test
    void seekingPastTheEndIgnoresSamplesBeyondSize() {
        ArraySampleIterator iterator = new ArraySampleIterator(TIMESTAMPS, VALUES, 4);

        assertThat(iterator.seek(41)).isEqualTo(ValueType.NONE);
        assertThat(iterator.seek(0)).isEqualTo(ValueType.NONE);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void refusesToReadWhenNotPositioned() {
        ArraySampleIterator iterator = new ArraySampleIterator(TIMESTAMPS, VALUES, 1);

        assertThatThrownBy(iterator::atT).isInstanceOf(IllegalStateException.class);
        iterator.next();
        iterator.next();
        assertThatThrownBy(iterator::atValue).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetRestartsOverNewArrays() {
        ArraySampleIterator iterator = new ArraySampleIterator(TIMESTAMPS, VALUES, 4);
        iterator.seek(100);

        assertThat(iterator.reset(new long[] {7}, new double[] {0.5}, 1)).isSameAs(iterator);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(7);
        assertThat(iterator.atValue()).isEqualTo(0.5);
    }

    @Test
    void rejectsASizeLargerThanTheArrays() {
        assertThatThrownBy(() -> new ArraySampleIterator(new long[2], new double[1], 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArraySampleIterator(new long[2], new double[2], -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arraySeriesReusesAnArrayIterator() {
        ArraySeries first = new ArraySeries(Labels.of("a", "1"), new long[] {1, 2}, new double[] {1, 2});
        ArraySeries second = new ArraySeries(Labels.of("a", "2"), new long[] {5}, new double[] {9});

        SampleIterator iterator = first.iterator(null);
        iterator.next();

        assertThat(second.iterator(iterator)).isSameAs(iterator);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(5);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        assertThat(first.iterator(SampleIterator.EMPTY)).isInstanceOf(ArraySampleIterator.class);
    }

    @Test
    void arraySeriesRejectsTimestampsThatDoNotStrictlyIncrease() {
        assertThatThrownBy(() -> new ArraySeries(Labels.of("a", "1"), new long[] {1, 1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increase");
        assertThatThrownBy(() -> new ArraySeries(Labels.of("a", "1"), new long[] {1, 2}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
