package io.amphora.controlplane;

import java.util.Map;
import java.util.TreeMap;

import static java.util.Collections.unmodifiableMap;
import static java.util.Objects.requireNonNull;

/**
 * A limit on the active series of a workspace that carry a label set: one entry of {@code limitsPerLabelSet}. The
 * empty label set is the default bucket: series that match no other entry.
 *
 * @param labelSet label names to values, sorted by name
 * @param maxSeries the most active series with these labels; 0 enforces nothing (the series are still counted)
 */
public record LabelSetLimit(Map<String, String> labelSet, long maxSeries) {
    public LabelSetLimit {
        requireNonNull(labelSet, "labelSet is null");
        labelSet = unmodifiableMap(new TreeMap<>(labelSet));
        if (maxSeries < 0) {
            throw new IllegalArgumentException("maxSeries must not be negative, got " + maxSeries);
        }
    }
}
