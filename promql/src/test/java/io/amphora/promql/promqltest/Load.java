package io.amphora.promql.promqltest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code load <interval>} or {@code load_with_nhcb <interval>}: series whose value {@code k} is at
 * {@code k × interval}. The samples add to what earlier loads stored, and one load is committed as one append.
 *
 * @param withNhcb {@code load_with_nhcb}: besides the series as written, every classic histogram family in the
 *     block ({@code X_bucket{le=…}}, {@code X_count}, {@code X_sum}) must also be stored as a native histogram with
 *     custom buckets named {@code X} (without {@code le}) at each timestamp. This reader does not build those
 *     histograms; the loading side does.
 * @param series one entry per distinct label set; when a block lists a label set twice the later line replaces the
 *     earlier one, as upstream
 */
public record Load(SourceLocation location, Duration interval, boolean withNhcb, List<SeriesDescription> series)
        implements TestCommand {
    public Load {
        requireNonNull(location, "location is null");
        requireNonNull(interval, "interval is null");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval is negative: " + interval);
        }
        series = List.copyOf(requireNonNull(series, "series is null"));
    }

    /** The samples of one of this block's series, at {@code 0, interval, 2·interval, …}. */
    public List<Sample> samples(SeriesDescription description) {
        return description.samples(0, interval.toMillis());
    }

    /** All samples of the block, series by series. */
    public List<LoadedSeries> loadedSeries() {
        List<LoadedSeries> loaded = new ArrayList<>(series.size());
        for (SeriesDescription description : series) {
            loaded.add(new LoadedSeries(description, samples(description)));
        }
        return loaded;
    }

    /** A series of a load block with its concrete samples. */
    public record LoadedSeries(SeriesDescription description, List<Sample> samples) {
        public LoadedSeries {
            requireNonNull(description, "description is null");
            samples = List.copyOf(requireNonNull(samples, "samples is null"));
        }
    }
}
