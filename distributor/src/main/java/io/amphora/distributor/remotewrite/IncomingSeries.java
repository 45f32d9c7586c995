package io.amphora.distributor.remotewrite;

import io.amphora.model.Labels;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One time series exactly as a sender wrote it, before validation.
 *
 * <p>{@code namesAndValues} holds the label pairs in wire order (name at even, value at odd indexes), including
 * duplicates, empty names or values and unsorted names, so that validation can judge them before they become
 * {@link Labels} (which would merge duplicates and drop empty values). Strings that were not valid UTF-8 on the wire
 * are decoded with U+FFFD replacement characters and {@code invalidUtf8At} is the index (into
 * {@code namesAndValues}) of the first of them, or -1 when all were valid.
 *
 * <p>Float samples are the parallel arrays {@code timestamps} (ms since the epoch) and {@code values}.
 * {@code startTimestamps} (2.0 only) is either empty, meaning no sample has a start timestamp, or parallel to
 * {@code timestamps}, with 0 meaning "unset" for that sample.
 *
 * <p>Ownership: the arrays are not copied; whoever builds a series hands them over and must not change them
 * afterwards, and readers must not change them either. Equality compares array contents.
 */
public record IncomingSeries(
        String[] namesAndValues,
        int invalidUtf8At,
        long[] timestamps,
        double[] values,
        long[] startTimestamps,
        List<NativeHistogram> histograms,
        List<IncomingExemplar> exemplars,
        SeriesMetadata metadata) {
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    public IncomingSeries {
        requireNonNull(namesAndValues, "namesAndValues is null");
        requireNonNull(timestamps, "timestamps is null");
        requireNonNull(values, "values is null");
        requireNonNull(startTimestamps, "startTimestamps is null");
        histograms = List.copyOf(requireNonNull(histograms, "histograms is null"));
        exemplars = List.copyOf(requireNonNull(exemplars, "exemplars is null"));
        requireNonNull(metadata, "metadata is null");
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of label names and values: " + namesAndValues.length);
        }
        if (invalidUtf8At < -1 || invalidUtf8At >= namesAndValues.length) {
            throw new IllegalArgumentException("invalidUtf8At out of range: " + invalidUtf8At);
        }
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(
                    "timestamps and values differ in length: " + timestamps.length + " vs " + values.length);
        }
        if (startTimestamps.length != 0 && startTimestamps.length != timestamps.length) {
            throw new IllegalArgumentException("startTimestamps must be empty or as long as timestamps");
        }
    }

    /** A series with float samples only and no start timestamps, exemplars, histograms or metadata. */
    public static IncomingSeries ofSamples(String[] namesAndValues, long[] timestamps, double[] values) {
        return new IncomingSeries(namesAndValues, -1, timestamps, values, NO_LONGS, List.of(), List.of(),
                SeriesMetadata.NONE);
    }

    /** A series with labels only; add points with the {@code with*} methods. */
    public static IncomingSeries ofLabels(String... namesAndValues) {
        return new IncomingSeries(namesAndValues, -1, NO_LONGS, NO_DOUBLES, NO_LONGS, List.of(), List.of(),
                SeriesMetadata.NONE);
    }

    public IncomingSeries withSamples(long[] timestamps, double[] values, long[] startTimestamps) {
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, startTimestamps, histograms,
                exemplars, metadata);
    }

    public IncomingSeries withHistograms(List<NativeHistogram> histograms) {
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, startTimestamps, histograms,
                exemplars, metadata);
    }

    public IncomingSeries withExemplars(List<IncomingExemplar> exemplars) {
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, startTimestamps, histograms,
                exemplars, metadata);
    }

    public IncomingSeries withMetadata(SeriesMetadata metadata) {
        return new IncomingSeries(namesAndValues, invalidUtf8At, timestamps, values, startTimestamps, histograms,
                exemplars, metadata);
    }

    public int labelCount() {
        return namesAndValues.length / 2;
    }

    public String labelName(int index) {
        return namesAndValues[index * 2];
    }

    public String labelValue(int index) {
        return namesAndValues[index * 2 + 1];
    }

    /** The value of the first {@code __name__} label as sent, or {@code ""} when there is none. */
    public String metricName() {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (Labels.METRIC_NAME.equals(namesAndValues[i])) {
                return namesAndValues[i + 1];
            }
        }
        return "";
    }

    public int sampleCount() {
        return timestamps.length;
    }

    /** The start timestamp of sample {@code index}, or 0 when unset. */
    public long startTimestamp(int index) {
        return startTimestamps.length == 0 ? 0 : startTimestamps[index];
    }

    public PointCounts counts() {
        return new PointCounts(timestamps.length, histograms.size(), exemplars.size());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncomingSeries other
                && invalidUtf8At == other.invalidUtf8At
                && Arrays.equals(namesAndValues, other.namesAndValues)
                && Arrays.equals(timestamps, other.timestamps)
                && Arrays.equals(values, other.values)
                && Arrays.equals(startTimestamps, other.startTimestamps)
                && histograms.equals(other.histograms)
                && exemplars.equals(other.exemplars)
                && metadata.equals(other.metadata);
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(namesAndValues);
        h = 31 * h + Arrays.hashCode(timestamps);
        h = 31 * h + Arrays.hashCode(values);
        h = 31 * h + histograms.hashCode();
        return 31 * h + exemplars.hashCode();
    }

    @Override
    public String toString() {
        return "IncomingSeries[" + LabelText.braces(namesAndValues)
                + (invalidUtf8At >= 0 ? ", invalidUtf8At=" + invalidUtf8At : "")
                + ", samples=" + timestamps.length + ", histograms=" + histograms.size()
                + ", exemplars=" + exemplars.size() + (metadata.isNone() ? "" : ", metadata=" + metadata) + "]";
    }
}
