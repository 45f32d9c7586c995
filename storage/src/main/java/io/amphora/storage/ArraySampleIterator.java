package io.amphora.storage;

import java.util.Arrays;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

import static java.util.Objects.requireNonNull;

/**
 * A {@link SampleIterator} over the first {@code n} entries of parallel timestamp, value and histogram arrays,
 * which must be in strictly increasing timestamp order. Entry {@code i} is a histogram sample when
 * {@code histograms[i]} is a {@link Histogram} or {@link FloatHistogram}, and a float sample ({@code values[i]})
 * when the histogram array is null or its entry is null. Entry {@code i}'s start timestamp is
 * {@code startTimestamps[i]} when that array is given and 0 (unknown) when it is null. The arrays are read, never
 * copied or modified; the caller must not change them while the iterator is in use. {@link #reset} points an
 * existing iterator at new arrays, so series can hand it back through {@link Series#iterator(SampleIterator)}
 * without allocating. {@link #seek} binary-searches.
 */
public final class ArraySampleIterator implements SampleIterator {
    private long[] timestamps;
    private double[] values;
    private Object[] histograms;
    /** Null when no entry has a start timestamp. */
    private long[] startTimestamps;
    private int size;
    /** -1 before the first sample, {@code size} once exhausted. */
    private int index;

    public ArraySampleIterator(long[] timestamps, double[] values, int size) {
        reset(timestamps, values, null, size);
    }

    /** @param histograms per-entry {@link Histogram}, {@link FloatHistogram} or null (a float); null for all floats */
    public ArraySampleIterator(long[] timestamps, double[] values, Object[] histograms, int size) {
        reset(timestamps, values, histograms, size);
    }

    /** Repositions this iterator before the first of {@code size} new float samples; returns {@code this}. */
    public ArraySampleIterator reset(long[] timestamps, double[] values, int size) {
        return reset(timestamps, values, null, size);
    }

    /**
     * @param histograms per-entry {@link Histogram}, {@link FloatHistogram} or null (a float); null for all floats
     * @param startTimestamps per-entry start timestamps (0 = unknown); null when all are unknown
     */
    public ArraySampleIterator(
            long[] timestamps, double[] values, Object[] histograms, long[] startTimestamps, int size) {
        reset(timestamps, values, histograms, startTimestamps, size);
    }

    /** Repositions this iterator before the first of {@code size} new samples; returns {@code this}. */
    public ArraySampleIterator reset(long[] timestamps, double[] values, Object[] histograms, int size) {
        return reset(timestamps, values, histograms, null, size);
    }

    /**
     * Repositions this iterator before the first of {@code size} new samples with start timestamps (null: all
     * unknown); returns {@code this}.
     */
    public ArraySampleIterator reset(
            long[] timestamps, double[] values, Object[] histograms, long[] startTimestamps, int size) {
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        if (size < 0 || size > timestamps.length || size > values.length
                || (histograms != null && size > histograms.length)
                || (startTimestamps != null && size > startTimestamps.length)) {
            throw new IllegalArgumentException("size " + size + " does not fit arrays of length "
                    + timestamps.length + " and " + values.length
                    + (histograms == null ? "" : " and " + histograms.length)
                    + (startTimestamps == null ? "" : " and " + startTimestamps.length));
        }
        this.timestamps = timestamps;
        this.values = values;
        this.histograms = histograms;
        this.startTimestamps = startTimestamps;
        this.size = size;
        this.index = -1;
        return this;
    }

    @Override
    public ValueType next() {
        if (index < size) {
            index++;
        }
        return typeAt(index);
    }

    @Override
    public ValueType seek(long t) {
        if (index >= size) {
            return ValueType.NONE;
        }
        if (index >= 0 && timestamps[index] >= t) {
            return typeAt(index);
        }
        int from = Math.max(index, 0);
        int found = Arrays.binarySearch(timestamps, from, size, t);
        index = found >= 0 ? found : -found - 1;
        return typeAt(index);
    }

    private ValueType typeAt(int i) {
        if (i >= size) {
            return ValueType.NONE;
        }
        if (histograms == null) {
            return ValueType.FLOAT;
        }
        Object h = histograms[i];
        if (h == null) {
            return ValueType.FLOAT;
        }
        return h instanceof Histogram ? ValueType.HISTOGRAM : ValueType.FLOAT_HISTOGRAM;
    }

    @Override
    public long atT() {
        checkPositioned();
        return timestamps[index];
    }

    @Override
    public long atStartTimestamp() {
        checkPositioned();
        return startTimestamps == null ? 0 : startTimestamps[index];
    }

    @Override
    public double atValue() {
        checkPositioned();
        if (histograms != null && histograms[index] != null) {
            throw new IllegalStateException("iterator is positioned on a histogram sample");
        }
        return values[index];
    }

    @Override
    public Histogram atHistogram() {
        checkPositioned();
        if (histograms != null && histograms[index] instanceof Histogram h) {
            return h;
        }
        throw new IllegalStateException("iterator is not positioned on an integer histogram sample");
    }

    @Override
    public FloatHistogram atFloatHistogram() {
        checkPositioned();
        if (histograms != null) {
            Object h = histograms[index];
            if (h instanceof FloatHistogram fh) {
                return fh;
            }
            if (h instanceof Histogram ih) {
                return ih.toFloat();
            }
        }
        throw new IllegalStateException("iterator is not positioned on a histogram sample");
    }

    private void checkPositioned() {
        if (index < 0 || index >= size) {
            throw new IllegalStateException("iterator is not positioned on a sample");
        }
    }
}
