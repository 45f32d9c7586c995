package io.amphora.bench.promql;

import io.amphora.model.Labels;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.RangeSeries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Checks Prometheus's answer to a range query against Amphora's, series by series as Prometheus's answer streams in:
 * the same label sets, and in each series the same timestamps with values equal within a relative tolerance
 * ({@code |a - b| <= tolerance × max(|a|, |b|)}; NaN equals NaN, an infinity only itself). Every point is compared,
 * not a sample of them. Differences below {@value #ABSOLUTE_FLOOR} also pass, so that values that should be 0 but
 * come out as rounding residue of a different summation order (1e-17) do not fail the check.
 *
 * <p>Not thread-safe. Use as the {@link PrometheusRangeResponse.SeriesVisitor} of one query, then read
 * {@link #outcome()}.
 */
public final class ResultComparison implements PrometheusRangeResponse.SeriesVisitor {
    static final double ABSOLUTE_FLOOR = 1e-12;
    private static final int EXAMPLES = 5;

    /** What the comparison found; {@link #matches()} when nothing differed. */
    public record Outcome(
            int amphoraSeries,
            int prometheusSeries,
            int matchedSeries,
            long comparedPoints,
            long differingPoints,
            List<String> examples) {
        public Outcome {
            examples = List.copyOf(requireNonNull(examples, "examples is null"));
        }

        public boolean matches() {
            return amphoraSeries == prometheusSeries && matchedSeries == prometheusSeries && differingPoints == 0;
        }

        /** One line: {@code ok: 50 series, 12050 points equal} or what differed. */
        public String summary() {
            if (matches()) {
                return String.format(Locale.ROOT, "ok: %d series, %d points equal", matchedSeries, comparedPoints);
            }
            return String.format(Locale.ROOT, "DIFFERENT: series Amphora %d / Prometheus %d (%d with equal labels), "
                    + "%d of %d points differ", amphoraSeries, prometheusSeries, matchedSeries, differingPoints, comparedPoints);
        }
    }

    private final Map<Labels, RangeSeries> amphora = new HashMap<>();
    private final Set<Labels> seen = new HashSet<>();
    private final double tolerance;
    private int prometheusSeries;
    private long comparedPoints;
    private long differingPoints;
    private final List<String> examples = new ArrayList<>();

    /** @param tolerance the relative difference allowed, e.g. 1e-6 */
    public ResultComparison(Matrix amphoraResult, double tolerance) {
        requireNonNull(amphoraResult, "amphoraResult is null");
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        this.tolerance = tolerance;
        for (RangeSeries series : amphoraResult.series()) {
            amphora.put(series.labels(), series);
        }
    }

    @Override
    public void series(Labels labels, long[] timestamps, double[] values) {
        prometheusSeries++;
        RangeSeries ours = amphora.get(labels);
        if (ours == null) {
            differingPoints += timestamps.length;
            comparedPoints += timestamps.length;
            example("series only in Prometheus's result: " + labels);
            return;
        }
        if (!seen.add(labels)) {
            example("Prometheus returned series " + labels + " twice");
            return;
        }
        if (ours.histogramTimestamps().length > 0) {
            differingPoints += ours.histogramTimestamps().length;
            example(labels + ": Amphora returned " + ours.histogramTimestamps().length + " histogram points");
        }
        long[] ourTimestamps = ours.floatTimestamps();
        double[] ourValues = ours.floatValues();
        int i = 0;
        int j = 0;
        while (i < timestamps.length || j < ourTimestamps.length) {
            comparedPoints++;
            if (j == ourTimestamps.length || i < timestamps.length && timestamps[i] < ourTimestamps[j]) {
                differingPoints++;
                example(labels + " @" + timestamps[i] + ": Prometheus " + values[i] + ", Amphora has no point");
                i++;
            } else if (i == timestamps.length || ourTimestamps[j] < timestamps[i]) {
                differingPoints++;
                example(labels + " @" + ourTimestamps[j] + ": Amphora " + ourValues[j] + ", Prometheus has no point");
                j++;
            } else {
                if (!close(values[i], ourValues[j])) {
                    differingPoints++;
                    example(labels + " @" + timestamps[i] + ": Prometheus " + values[i] + ", Amphora " + ourValues[j]);
                }
                i++;
                j++;
            }
        }
    }

    /** The result after every Prometheus series has been seen; Amphora's unmatched series count as differences. */
    public Outcome outcome() {
        for (Map.Entry<Labels, RangeSeries> entry : amphora.entrySet()) {
            if (!seen.contains(entry.getKey())) {
                example("series only in Amphora's result: " + entry.getKey());
            }
        }
        return new Outcome(amphora.size(), prometheusSeries, seen.size(), comparedPoints, differingPoints, examples);
    }

    boolean close(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        double difference = Math.abs(expected - actual);
        return difference <= ABSOLUTE_FLOOR || difference <= tolerance * Math.max(Math.abs(expected), Math.abs(actual));
    }

    private void example(String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }
}
