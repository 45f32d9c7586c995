package io.amphora.promql.promqltest;

import io.amphora.model.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One series line, {@code metric{labels} values}, with its value sequence expanded: position {@code k} belongs to the
 * k-th step of a grid (a {@code load} block's interval from 0, or an eval's steps).
 *
 * @param labels the series' labels; the metric name, if any, is {@code __name__}. Labels written with an empty
 *     value are absent, as Prometheus treats them
 * @param values one entry per position, {@link SequenceValue#OMITTED} where the line has {@code _}
 * @param startOffsets empty when no {@code @st} line precedes this line in a {@code load} block; otherwise one entry
 *     per value: the start timestamp as an offset in milliseconds from the sample's timestamp, or empty for none
 */
public record SeriesDescription(SourceLocation location, Labels labels, List<SequenceValue> values,
                                List<OptionalLong> startOffsets) {
    public SeriesDescription {
        requireNonNull(location, "location is null");
        requireNonNull(labels, "labels is null");
        values = List.copyOf(requireNonNull(values, "values is null"));
        startOffsets = List.copyOf(requireNonNull(startOffsets, "startOffsets is null"));
        if (!startOffsets.isEmpty() && startOffsets.size() != values.size()) {
            throw new IllegalArgumentException("start offsets (" + startOffsets.size()
                    + ") do not match the values (" + values.size() + ")");
        }
    }

    public SeriesDescription(SourceLocation location, Labels labels, List<SequenceValue> values) {
        this(location, labels, values, List.of());
    }

    /**
     * The samples this line describes on the grid {@code start, start + step, …}: position {@code k} at
     * {@code start + k·step}, omitted positions left out.
     */
    public List<Sample> samples(long start, long step) {
        List<Sample> samples = new ArrayList<>(values.size());
        for (int k = 0; k < values.size(); k++) {
            SequenceValue value = values.get(k);
            if (value instanceof SequenceValue.Omitted) {
                continue;
            }
            long timestamp = start + k * step;
            long startTimestamp = 0;
            if (!startOffsets.isEmpty() && startOffsets.get(k).isPresent()) {
                startTimestamp = timestamp + startOffsets.get(k).getAsLong();
            }
            samples.add(new Sample(timestamp, value, startTimestamp));
        }
        return samples;
    }

    /** The number of positions that hold a sample. */
    public int sampleCount() {
        int count = 0;
        for (SequenceValue value : values) {
            if (!(value instanceof SequenceValue.Omitted)) {
                count++;
            }
        }
        return count;
    }
}
