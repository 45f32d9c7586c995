package io.amphora.storage;

import io.amphora.model.Labels;

import static java.util.Objects.requireNonNull;

/**
 * A series held in parallel arrays of strictly increasing timestamps and their values. The arrays are taken
 * over, not copied: the caller must not modify them afterwards. Immutable and thread-safe once constructed.
 */
public final class ArraySeries implements Series {
    private final Labels labels;
    private final long[] timestamps;
    private final double[] values;
    /** Null when every sample is a float; otherwise per entry a histogram or null (a float). */
    private final Object[] histograms;
    /** Null when every start timestamp is unknown; otherwise per entry a start timestamp, 0 meaning unknown. */
    private final long[] startTimestamps;
    private final int size;

    /** @throws IllegalArgumentException when the arrays differ in length or timestamps do not strictly increase */
    public ArraySeries(Labels labels, long[] timestamps, double[] values) {
        this(labels, timestamps, values, requireNonNull(timestamps, "timestamps is null").length);
        if (values.length != timestamps.length) {
            throw new IllegalArgumentException(
                    "got " + timestamps.length + " timestamps but " + values.length + " values");
        }
    }

    /** A series of the first {@code size} entries of the arrays. */
    public ArraySeries(Labels labels, long[] timestamps, double[] values, int size) {
        this(labels, timestamps, values, null, size);
    }

    /**
     * A series of the first {@code size} entries of the arrays, entry {@code i} being a histogram sample when
     * {@code histograms[i]} is a {@link io.amphora.model.histogram.Histogram} or
     * {@link io.amphora.model.histogram.FloatHistogram} and a float otherwise; {@code histograms} may be null.
     */
    public ArraySeries(Labels labels, long[] timestamps, double[] values, Object[] histograms, int size) {
        this(labels, timestamps, values, histograms, null, size);
    }

    /**
     * As {@link #ArraySeries(Labels, long[], double[], Object[], int)}, with entry {@code i}'s start timestamp in
     * {@code startTimestamps[i]} (0 = unknown); {@code startTimestamps} may be null when all are unknown.
     */
    public ArraySeries(Labels labels, long[] timestamps, double[] values, Object[] histograms,
            long[] startTimestamps, int size) {
        this.histograms = histograms;
        if (histograms != null && size > histograms.length) {
            throw new IllegalArgumentException("size " + size + " does not fit " + histograms.length + " histograms");
        }
        this.startTimestamps = startTimestamps;
        if (startTimestamps != null && size > startTimestamps.length) {
            throw new IllegalArgumentException(
                    "size " + size + " does not fit " + startTimestamps.length + " start timestamps");
        }
        this.labels = requireNonNull(labels, "labels is null");
        this.timestamps = requireNonNull(timestamps, "timestamps is null");
        this.values = requireNonNull(values, "values is null");
        if (size < 0 || size > timestamps.length || size > values.length) {
            throw new IllegalArgumentException("size " + size + " does not fit arrays of length "
                    + timestamps.length + " and " + values.length);
        }
        for (int i = 1; i < size; i++) {
            if (timestamps[i] <= timestamps[i - 1]) {
                throw new IllegalArgumentException("timestamps must strictly increase: " + timestamps[i - 1]
                        + " is followed by " + timestamps[i] + " in " + labels);
            }
        }
        this.size = size;
    }

    @Override
    public Labels labels() {
        return labels;
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        if (reuse instanceof ArraySampleIterator iterator) {
            return iterator.reset(timestamps, values, histograms, startTimestamps, size);
        }
        return new ArraySampleIterator(timestamps, values, histograms, startTimestamps, size);
    }

    @Override
    public String toString() {
        return labels + " (" + size + " samples)";
    }
}
