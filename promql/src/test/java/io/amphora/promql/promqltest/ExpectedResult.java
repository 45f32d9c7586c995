package io.amphora.promql.promqltest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The result an eval expects when it succeeds. */
public sealed interface ExpectedResult {
    /**
     * A vector (instant evals) or a matrix (range evals, and instant evals with {@code expect range vector}); no
     * series means the result must be empty. Labels must match exactly; unless the eval is ordered, order does not
     * matter.
     */
    record Series(List<SeriesDescription> series) implements ExpectedResult {
        public static final Series EMPTY = new Series(List.of());

        public Series {
            series = List.copyOf(requireNonNull(series, "series is null"));
        }
    }

    /** A bare number line: the result must be a scalar with this value. */
    record Scalar(double value) implements ExpectedResult {}

    /** {@code expect string "…"}: the result must be a string with exactly this text. */
    record StringValue(String value) implements ExpectedResult {
        public StringValue {
            requireNonNull(value, "value is null");
        }
    }
}
