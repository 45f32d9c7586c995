package io.amphora.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChainedSampleIteratorTest {
    @Test
    void mergesInputsInTimestampOrder() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(
                samples(10, 1, 40, 4), samples(20, 2, 50, 5), samples(30, 3)));

        assertThat(drain(iterator)).containsExactly(10L, 1.0, 20L, 2.0, 30L, 3.0, 40L, 4.0, 50L, 5.0);
    }

    @Test
    void returnsOneSampleForEqualTimestampsTakenFromTheEarliestInput() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(
                samples(10, 1, 20, 2), samples(10, 100, 20, 200, 30, 300), samples(20, -2, 30, -3)));

        assertThat(drain(iterator)).containsExactly(10L, 1.0, 20L, 2.0, 30L, 300.0);
    }

    @Test
    void reportsTheStartTimestampOfTheInputSupplyingTheSample() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(
                new ArraySampleIterator(new long[] {10, 30}, new double[] {1, 3}, null, new long[] {5, 25}, 2),
                new ArraySampleIterator(new long[] {10, 20}, new double[] {9, 2}, null, new long[] {9, 15}, 2)));

        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(5);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(15);
        assertThat(iterator.seek(30)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atStartTimestamp()).isEqualTo(25);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        assertThatThrownBy(iterator::atStartTimestamp).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void deduplicatesIdenticalReplicas() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(
                samples(10, 1, 20, 2), samples(10, 1, 20, 2), samples(10, 1, 20, 2)));

        assertThat(drain(iterator)).containsExactly(10L, 1.0, 20L, 2.0);
    }

    @Test
    void seeksToTheFirstSampleAtOrAfterTheTimestampAcrossInputs() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(samples(10, 1, 40, 4), samples(25, 2)));

        assertThat(iterator.seek(11)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(25);
        assertThat(iterator.atValue()).isEqualTo(2.0);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(40);
    }

    @Test
    void seekNeverMovesBackwards() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(samples(10, 1, 30, 3), samples(20, 2)));
        iterator.next();
        iterator.next();

        assertThat(iterator.seek(5)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(20);
        assertThat(iterator.seek(20)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(20);
        assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atT()).isEqualTo(30);
    }

    @Test
    void seekingToADuplicatedTimestampStillReturnsTheEarliestInputsSample() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(samples(5, 0, 20, 1), samples(20, 2)));
        iterator.next();

        assertThat(iterator.seek(20)).isEqualTo(ValueType.FLOAT);
        assertThat(iterator.atValue()).isEqualTo(1.0);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
    }

    @Test
    void staysExhaustedAfterTheEnd() {
        ChainedSampleIterator iterator = new ChainedSampleIterator(List.of(samples(10, 1), samples(20, 2)));

        assertThat(iterator.seek(21)).isEqualTo(ValueType.NONE);
        assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        assertThat(iterator.seek(0)).isEqualTo(ValueType.NONE);
        assertThatThrownBy(iterator::atT).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void handlesNoInputsAndEmptyInputs() {
        assertThat(new ChainedSampleIterator(List.of()).next()).isEqualTo(ValueType.NONE);
        assertThat(new ChainedSampleIterator(List.of(SampleIterator.EMPTY, samples())).seek(0))
                .isEqualTo(ValueType.NONE);
        assertThat(drain(new ChainedSampleIterator(List.of(SampleIterator.EMPTY, samples(1, 1)))))
                .containsExactly(1L, 1.0);
    }

    @Test
    void resetRestartsOverNewInputs() {
        ChainedSampleIterator iterator =
                new ChainedSampleIterator(List.of(samples(1, 1), samples(2, 2), samples(3, 3)));
        drain(iterator);

        assertThat(iterator.reset(List.of(samples(7, 7)))).isSameAs(iterator);
        assertThat(drain(iterator)).containsExactly(7L, 7.0);
        assertThat(drain(iterator.reset(List.of(samples(1, 1), samples(0, 0), samples(2, 2), samples(1, 9)))))
                .containsExactly(0L, 0.0, 1L, 1.0, 2L, 2.0);
    }

    @Test
    void agreesWithAReferenceMergeUnderRandomNextsAndSeeks() {
        Random random = new Random(11);
        for (int round = 0; round < 300; round++) {
            int inputCount = 1 + random.nextInt(6);
            List<SampleIterator> inputs = new ArrayList<>();
            TreeMap<Long, Double> expected = new TreeMap<>();
            for (int i = 0; i < inputCount; i++) {
                int size = random.nextInt(20);
                long[] timestamps = new long[size];
                double[] values = new double[size];
                long t = random.nextInt(5);
                for (int j = 0; j < size; j++) {
                    t += 1 + random.nextInt(4);
                    timestamps[j] = t;
                    values[j] = i * 1000 + j;
                    expected.putIfAbsent(t, values[j]); // earlier inputs win
                }
                inputs.add(new ArraySampleIterator(timestamps, values, size));
            }
            ChainedSampleIterator iterator = new ChainedSampleIterator(inputs);
            // The reference: the current entry of the expected map; null once exhausted.
            Map.Entry<Long, Double> position = null;
            boolean started = false;
            for (int step = 0; step < 40; step++) {
                ValueType type;
                if (random.nextBoolean()) {
                    type = iterator.next();
                    position = !started ? expected.firstEntry()
                            : position == null ? null : expected.higherEntry(position.getKey());
                } else {
                    long target = random.nextInt(100);
                    type = iterator.seek(target);
                    if (!started || (position != null && position.getKey() < target)) {
                        position = expected.ceilingEntry(target);
                    }
                }
                started = true;
                if (position == null) {
                    assertThat(type).as("round %d step %d", round, step).isEqualTo(ValueType.NONE);
                    continue;
                }
                assertThat(type).as("round %d step %d", round, step).isEqualTo(ValueType.FLOAT);
                assertThat(iterator.atT()).isEqualTo(position.getKey());
                assertThat(iterator.atValue()).isEqualTo(position.getValue());
            }
        }
    }

    private static SampleIterator samples(double... timestampsAndValues) {
        int n = timestampsAndValues.length / 2;
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = (long) timestampsAndValues[2 * i];
            values[i] = timestampsAndValues[2 * i + 1];
        }
        return new ArraySampleIterator(timestamps, values, n);
    }

    private static List<Object> drain(SampleIterator iterator) {
        List<Object> result = new ArrayList<>();
        while (iterator.next() == ValueType.FLOAT) {
            result.add(iterator.atT());
            result.add(iterator.atValue());
        }
        return result;
    }
}
