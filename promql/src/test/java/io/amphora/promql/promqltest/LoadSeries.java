package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

import java.util.List;
import java.util.Objects;

import static java.util.Objects.requireNonNull;

/**
 * One series of a {@code load} command as a {@link QueryTarget} stores it: concrete samples in increasing timestamp
 * order, native histograms already built.
 */
public record LoadSeries(Labels labels, List<Point> points) {
    public LoadSeries {
        requireNonNull(labels, "labels is null");
        points = List.copyOf(requireNonNull(points, "points is null"));
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).timestamp() <= points.get(i - 1).timestamp()) {
                throw new IllegalArgumentException("points of " + labels + " are not in increasing timestamp order");
            }
        }
    }

    /**
     * A float sample ({@code histogram == null}; staleness markers keep their NaN bit pattern) or a float histogram
     * sample ({@code value} is 0).
     *
     * @param startTimestamp the sample's start ("created") timestamp in milliseconds, 0 for none
     */
    public record Point(long timestamp, double value, FloatHistogram histogram, long startTimestamp) {
        public static Point ofFloat(long timestamp, double value) {
            return new Point(timestamp, value, null, 0);
        }

        public static Point ofHistogram(long timestamp, FloatHistogram histogram) {
            return new Point(timestamp, 0, requireNonNull(histogram, "histogram is null"), 0);
        }

        public boolean isHistogram() {
            return histogram != null;
        }

        /** Compares the float bit for bit, so that a staleness marker is told from an ordinary NaN. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Point that
                    && timestamp == that.timestamp
                    && Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(that.value)
                    && Objects.equals(histogram, that.histogram)
                    && startTimestamp == that.startTimestamp;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(timestamp) * 31 + Long.hashCode(Double.doubleToRawLongBits(value));
        }
    }
}
