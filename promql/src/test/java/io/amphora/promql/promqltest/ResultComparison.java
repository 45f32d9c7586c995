package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import io.amphora.model.histogram.FloatHistogram;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a query result with an eval's expectation under the harness's rules: label sets must match exactly (no
 * series missing, none extra); floats agree within {@link Tolerance}; histograms as {@link Histograms#mismatch};
 * vector order matters only for {@code expect ordered}; every point of a matrix must be expected, at exactly the
 * expected timestamp, and a matrix must be sorted by labels.
 *
 * <p>Beyond upstream it also rejects a result whose type cannot be what the eval describes (a vector for
 * {@code expect range vector}, a vector where a string is expected, and the like) and a series returned twice.
 */
final class ResultComparison {
    private ResultComparison() {}

    /** Every way {@code actual} differs from what {@code eval} expects; empty when it matches. */
    static List<String> problems(Eval eval, QueryValue actual) {
        List<String> problems = new ArrayList<>();
        ExpectedResult expected = eval.result();
        switch (actual) {
            case Matrix matrix -> {
                if (eval.ordered()) {
                    problems.add("expected an ordered vector, but the query returned a matrix");
                } else if (!(expected instanceof ExpectedResult.Series series)) {
                    problems.add(typeMismatch(expected, actual));
                } else {
                    unsorted(matrix).ifPresentOrElse(problems::add,
                            () -> compareMatrix(eval, series, matrix, problems));
                }
            }
            case Vector vector -> {
                if (!(expected instanceof ExpectedResult.Series series)) {
                    problems.add(typeMismatch(expected, actual));
                } else if (eval.kind() == Eval.Kind.RANGE || eval.rangeVector().isPresent()) {
                    problems.add("expected a range vector (a matrix), but the query returned a vector");
                } else {
                    compareVector(eval, series, vector, problems);
                }
            }
            case Scalar scalar -> {
                if (!(expected instanceof ExpectedResult.Scalar(double value))) {
                    problems.add(typeMismatch(expected, actual));
                } else if (!Tolerance.almostEqual(value, scalar.value())) {
                    problems.add("expected scalar " + Tolerance.format(value) + " but got "
                            + Tolerance.format(scalar.value()));
                }
            }
            case StringValue string -> {
                if (!(expected instanceof ExpectedResult.StringValue(String value))) {
                    problems.add(typeMismatch(expected, actual));
                } else if (!value.equals(string.value())) {
                    problems.add("expected string \"" + value + "\" but got \"" + string.value() + "\"");
                }
            }
        }
        return problems;
    }

    /** Why {@code matrix} is not sorted by label set, or empty when it is. */
    static Optional<String> unsorted(Matrix matrix) {
        List<RangeSeries> series = matrix.series();
        for (int i = 0; i + 1 < series.size(); i++) {
            if (series.get(i).labels().compareTo(series.get(i + 1).labels()) > 0) {
                return Optional.of("matrix results must be sorted by labels, but series #" + (i + 1) + " "
                        + series.get(i + 1).labels() + " sorts before series #" + i + " " + series.get(i).labels());
            }
        }
        return Optional.empty();
    }

    private static String typeMismatch(ExpectedResult expected, QueryValue actual) {
        String what = switch (expected) {
            case ExpectedResult.Scalar scalar -> "scalar " + Tolerance.format(scalar.value());
            case ExpectedResult.StringValue string -> "string \"" + string.value() + "\"";
            case ExpectedResult.Series series -> "a vector or matrix";
        };
        return "expected " + what + ", but the query returned " + ResultFormat.typeName(actual);
    }

    private static void compareMatrix(Eval eval, ExpectedResult.Series expected, Matrix matrix, List<String> problems) {
        Map<Labels, SeriesDescription> byLabels = new HashMap<>();
        for (SeriesDescription description : expected.series()) {
            byLabels.put(description.labels(), description);
        }
        Set<Labels> seen = new HashSet<>();
        for (RangeSeries series : matrix.series()) {
            SeriesDescription description = byLabels.get(series.labels());
            if (description == null) {
                problems.add("unexpected series " + series.labels() + " in the result, with "
                        + ResultFormat.points(series));
                continue;
            }
            if (!seen.add(series.labels())) {
                problems.add("series " + series.labels() + " appears more than once in the result");
                continue;
            }
            if (eval.valuesPastEnd(description)) {
                problems.add("expected " + description.values().size() + " points for " + series.labels()
                        + ", but the query's time range cannot return this many points");
                continue;
            }
            compareSeries(eval, description, series, problems);
        }
        for (SeriesDescription description : expected.series()) {
            if (!seen.contains(description.labels())) {
                problems.add("expected series " + description.labels() + " (" + ResultFormat.values(description.values())
                        + ") is missing from the result");
            }
        }
    }

    private static void compareSeries(Eval eval, SeriesDescription description, RangeSeries series,
                                      List<String> problems) {
        List<Sample> floats = new ArrayList<>();
        List<Sample> histograms = new ArrayList<>();
        for (Sample sample : eval.expectedSamples(description)) {
            (sample.value() instanceof SequenceValue.HistogramValue ? histograms : floats).add(sample);
        }
        Labels labels = series.labels();
        if (floats.size() != series.floatTimestamps().length
                || histograms.size() != series.histogramTimestamps().length) {
            problems.add("expected " + floats.size() + " float points and " + histograms.size()
                    + " histogram points for " + labels + ", but got " + ResultFormat.points(series));
            return;
        }
        for (int i = 0; i < floats.size(); i++) {
            Sample expected = floats.get(i);
            long actualTime = series.floatTimestamps()[i];
            if (expected.timestamp() != actualTime) {
                problems.add("expected float point #" + i + " of " + labels + " at " + expected.timestamp()
                        + "ms, but it is at " + actualTime + "ms (the result has " + ResultFormat.points(series) + ")");
                return;
            }
            double expectedValue = ((SequenceValue.FloatValue) expected.value()).value();
            double actualValue = series.floatValues()[i];
            if (!Tolerance.almostEqual(expectedValue, actualValue)) {
                problems.add("expected " + labels + " at " + actualTime + "ms to be " + Tolerance.format(expectedValue)
                        + ", but got " + Tolerance.format(actualValue));
            }
        }
        for (int i = 0; i < histograms.size(); i++) {
            Sample expected = histograms.get(i);
            long actualTime = series.histogramTimestamps()[i];
            if (expected.timestamp() != actualTime) {
                problems.add("expected histogram point #" + i + " of " + labels + " at " + expected.timestamp()
                        + "ms, but it is at " + actualTime + "ms (the result has " + ResultFormat.points(series) + ")");
                return;
            }
            SequenceValue.HistogramValue value = (SequenceValue.HistogramValue) expected.value();
            histogramProblem(labels + " at " + actualTime + "ms", value, series.histograms()[i])
                    .ifPresent(problems::add);
        }
    }

    private static void compareVector(Eval eval, ExpectedResult.Series expected, Vector vector, List<String> problems) {
        Map<Labels, Integer> positions = new HashMap<>();
        for (int i = 0; i < expected.series().size(); i++) {
            positions.put(expected.series().get(i).labels(), i);
        }
        Set<Labels> seen = new HashSet<>();
        for (int pos = 0; pos < vector.samples().size(); pos++) {
            io.amphora.promql.engine.Sample sample = vector.samples().get(pos);
            Labels labels = sample.labels();
            Integer position = positions.get(labels);
            String got = sample.isHistogram() ? Histograms.notation(sample.histogram()) : Tolerance.format(sample.value());
            if (position == null) {
                problems.add("unexpected series " + labels + " in the result, with value " + got);
                continue;
            }
            if (!seen.add(labels)) {
                problems.add("series " + labels + " appears more than once in the result");
                continue;
            }
            if (eval.ordered() && position != pos) {
                problems.add("expected " + labels + " at position " + (position + 1) + ", but it is at position "
                        + (pos + 1));
            }
            SequenceValue expectedValue = expected.series().get(position).values().getFirst();
            switch (expectedValue) {
                case SequenceValue.HistogramValue histogram -> {
                    if (!sample.isHistogram()) {
                        problems.add("expected histogram " + histogram + " for " + labels + ", but got float " + got);
                    } else {
                        histogramProblem(labels.toString(), histogram, sample.histogram()).ifPresent(problems::add);
                    }
                }
                case SequenceValue.FloatValue(double value) -> {
                    if (sample.isHistogram()) {
                        problems.add("expected float " + Tolerance.format(value) + " for " + labels
                                + ", but got histogram " + got);
                    } else if (!Tolerance.almostEqual(value, sample.value())) {
                        problems.add("expected " + Tolerance.format(value) + " for " + labels + ", but got " + got);
                    }
                }
                case SequenceValue.Omitted omitted ->
                        problems.add("expected no value (_) for " + labels + ", but got " + got);
            }
        }
        for (SeriesDescription description : expected.series()) {
            if (!seen.contains(description.labels())) {
                problems.add("expected series " + description.labels() + " "
                        + ResultFormat.values(description.values()) + " is missing from the result");
            }
        }
    }

    private static Optional<String> histogramProblem(String where, SequenceValue.HistogramValue expected,
                                                     FloatHistogram actual) {
        FloatHistogram expectedHistogram = Histograms.fromDescription(expected.histogram());
        return Histograms.mismatch(expectedHistogram, actual, expected.counterResetHintGiven())
                .map(reason -> "expected " + expected.histogram() + " for " + where + ", but got "
                        + Histograms.notation(actual) + ": " + reason);
    }
}
