package io.amphora.promql.promqltest;

import java.util.ArrayList;
import java.util.List;

/** A {@code load} command as the series a {@link QueryTarget} stores: the block's own, then any NHCB ones. */
final class LoadConversion {
    private LoadConversion() {}

    /**
     * @throws IllegalArgumentException when a series cannot be built (for example a classic histogram that does
     *     not convert, or samples that are not in increasing timestamp order)
     */
    static List<LoadSeries> series(Load load) {
        List<LoadSeries> series = new ArrayList<>(load.series().size());
        for (Load.LoadedSeries loaded : load.loadedSeries()) {
            List<LoadSeries.Point> points = new ArrayList<>(loaded.samples().size());
            for (Sample sample : loaded.samples()) {
                points.add(switch (sample.value()) {
                    case SequenceValue.FloatValue(double value) ->
                            new LoadSeries.Point(sample.timestamp(), value, null, sample.startTimestamp());
                    case SequenceValue.HistogramValue histogram -> new LoadSeries.Point(sample.timestamp(), 0,
                            Histograms.fromDescription(histogram.histogram()), sample.startTimestamp());
                    case SequenceValue.Omitted omitted ->
                            throw new IllegalStateException("a sample is never omitted");
                });
            }
            series.add(new LoadSeries(loaded.description().labels(), points));
        }
        if (load.withNhcb()) {
            series.addAll(NhcbConversion.convert(load));
        }
        return series;
    }
}
