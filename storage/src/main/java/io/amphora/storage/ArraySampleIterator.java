package io.amphora.storage;

import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * A {@link SampleIterator} over the first {@code n} entries of parallel timestamp and value arrays, which must be in
 * strictly increasing timestamp order. The arrays are read, never copied or modified; the caller must not change
 * them while the iterator is in use. {@link #reset} points an existing iterator at new arrays, so series can hand
 * it back through {@link Series#iterator(SampleIterator)} without allocating. {@link #seek} binary-searches.
 */
public final class ArraySampleIterator implements SampleIterator {
    private long[] timestamps;
    private double[] values;
    private int size;
    /** -1 before the first sample, {@code size} once exhausted. */
    private int index;

    public ArraySampleIterator(long[] timestamps, double[] values, int size) {
        reset(timestamps, values, size);
    }

    /** Repositions this iterator before the first of {@code size} new samples; returns {@code this}. */
    public ArraySampleIterator reset(long[] timestamps, double[] values, int size) {
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (size < 0 || size > timestamps.length || size > values.length) {
            throw new IllegalArgumentException("size " + size + " does not fit arrays of length "
                    + timestamps.length + " and " + values.length);
        }
        this.timestamps = timestamps;
        this.values = values;
        this.size = size;
        this.index = -1;
        return this;
    }

    @Override
    public ValueType next() {
        if (index < size) {
            index++;
        }
        return index < size ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
        if (index >= size) {
            return ValueType.NONE;
        }
        if (index >= 0 && timestamps[index] >= t) {
            return ValueType.FLOAT;
        }
        int from = Math.max(index, 0);
        int found = Arrays.binarySearch(timestamps, from, size, t);
        index = found >= 0 ? found : -found - 1;
        return index < size ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long atT() {
        checkPositioned();
        return timestamps[index];
    }

    @Override
    public double atValue() {
        checkPositioned();
        return values[index];
    }

    private void checkPositioned() {
        if (index < 0 || index >= size) {
            throw new IllegalStateException("iterator is not positioned on a sample");
        }
    }
}
