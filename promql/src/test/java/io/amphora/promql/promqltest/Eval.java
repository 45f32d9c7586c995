package io.amphora.promql.promqltest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An {@code eval} command: one PromQL expression, when to evaluate it, and what must come out.
 *
 * <p>Times are milliseconds since the Unix epoch (the file writes them as durations from the epoch). An instant eval
 * has {@code start == end} (its {@code at} time) and a zero step; a range eval runs one range query from
 * {@code start} to {@code end} (inclusive) every {@code step}.
 *
 * @param expression the PromQL text after the header, unparsed
 * @param rangeVector {@code expect range vector from <s> to <e> step <d>} (instant evals only): the query returns a
 *     matrix, runs at {@code e} instead of the {@code at} time, and each expected series lists one value per step
 *     from {@code s} to {@code e}
 * @param failure present when the eval must fail; then {@code result} is not checked
 * @param ordered {@code expect ordered}: the vector's elements must come in the order of {@code result}'s series
 */
public record Eval(
        SourceLocation location,
        Kind kind,
        String expression,
        long start,
        long end,
        Duration step,
        Optional<StepRange> rangeVector,
        ExpectedResult result,
        Optional<ExpectedFailure> failure,
        AnnotationExpectation warnings,
        AnnotationExpectation infos,
        boolean ordered) implements TestCommand {

    public enum Kind { INSTANT, RANGE }

    /** {@code from <start> to <end> step <step>}, in milliseconds since the epoch. */
    public record StepRange(long start, long end, Duration step) {
        public StepRange {
            requireNonNull(step, "step is null");
            if (end < start) {
                throw new IllegalArgumentException("end " + end + " is before start " + start);
            }
            if (step.isNegative()) {
                throw new IllegalArgumentException("step is negative: " + step);
            }
        }
    }

    public Eval {
        requireNonNull(location, "location is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(expression, "expression is null");
        requireNonNull(step, "step is null");
        requireNonNull(rangeVector, "rangeVector is null");
        requireNonNull(result, "result is null");
        requireNonNull(failure, "failure is null");
        requireNonNull(warnings, "warnings is null");
        requireNonNull(infos, "infos is null");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("expression is empty");
        }
        switch (kind) {
            case INSTANT -> {
                if (start != end || !step.isZero()) {
                    throw new IllegalArgumentException("an instant eval has one time and no step");
                }
                if (rangeVector.isPresent() && result instanceof ExpectedResult.Scalar) {
                    throw new IllegalArgumentException("a range vector eval cannot expect a scalar");
                }
            }
            case RANGE -> {
                if (end < start || step.isNegative()) {
                    throw new IllegalArgumentException("invalid range: " + start + " to " + end + " step " + step);
                }
                if (rangeVector.isPresent()) {
                    throw new IllegalArgumentException("expect range vector is for instant evals");
                }
                if (ordered) {
                    throw new IllegalArgumentException("expect ordered is for instant evals");
                }
                if (!(result instanceof ExpectedResult.Series)) {
                    throw new IllegalArgumentException("a range eval expects series");
                }
            }
        }
        if (result instanceof ExpectedResult.Series(List<SeriesDescription> series)) {
            boolean oneValue = kind == Kind.INSTANT && rangeVector.isEmpty();
            for (SeriesDescription description : series) {
                if (description.values().isEmpty() || (oneValue && description.values().size() != 1)) {
                    throw new IllegalArgumentException("expected series " + description.labels() + " at "
                            + description.location() + " has " + description.values().size() + " values");
                }
            }
        }
    }

    /**
     * The {@code at} time of an instant eval.
     *
     * @throws IllegalStateException for a range eval
     */
    public long time() {
        if (kind != Kind.INSTANT) {
            throw new IllegalStateException("a range eval has no single time");
        }
        return start;
    }

    /**
     * When an instant eval's query runs: the {@code at} time, or the end of its {@code expect range vector}.
     *
     * @throws IllegalStateException for a range eval
     */
    public long queryTime() {
        return rangeVector.map(StepRange::end).orElse(time());
    }

    /**
     * The grid an expected series' positions map to: the range query's steps, the {@code expect range vector}
     * steps, or the single query time of a plain instant eval.
     */
    public StepRange grid() {
        return switch (kind) {
            case RANGE -> new StepRange(start, end, step);
            case INSTANT -> rangeVector.orElseGet(() -> new StepRange(start, start, Duration.ZERO));
        };
    }

    /**
     * The points an expected series stands for: position {@code k} at {@code grid().start() + k·step}, omitted
     * positions left out. A position past {@code grid().end()} can never be matched by a result (upstream fails such
     * an eval when the series is returned); {@link #valuesPastEnd} finds them.
     */
    public List<Sample> expectedSamples(SeriesDescription series) {
        StepRange grid = grid();
        return series.samples(grid.start(), grid.step().toMillis());
    }

    /** Whether {@code series} lists more positions than the grid has steps. */
    public boolean valuesPastEnd(SeriesDescription series) {
        StepRange grid = grid();
        long last = grid.start() + (series.values().size() - 1) * grid.step().toMillis();
        return last > grid.end();
    }

    public boolean expectsFailure() {
        return failure.isPresent();
    }

    /**
     * Whether the harness's range-mode re-check (the instant query re-run as a range query around its time) is
     * switched off by the eval's own lines: {@code expect range vector} or {@code expect string}. The runner also
     * skips it for ordered and failing evals and for expressions calling {@code start()}, {@code end()},
     * {@code range()} or {@code step()}.
     */
    public boolean excludedFromRangeModeCheck() {
        return rangeVector.isPresent() || result instanceof ExpectedResult.StringValue;
    }
}
