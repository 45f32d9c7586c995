package io.amphora.promql.promqltest;

import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.Vector;
import io.amphora.promql.parser.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs a {@link TestScript} against a {@link QueryTarget} the way Prometheus's {@code promqltest} harness runs it,
 * and gives every eval an outcome instead of stopping at the first failure.
 *
 * <p>The script starts from empty storage; {@code load} commands store their series (with {@code load_with_nhcb}
 * adding the converted classic histograms), {@code clear} empties the storage. When a load fails, every eval after
 * it fails too, naming the load, until the next {@code clear}: upstream would have abandoned the file.
 *
 * <p>A range eval runs its one range query. An instant eval runs, each of which must meet all of the eval's
 * expectations (result or failure, annotations):
 * <ol>
 *   <li>the query at its time (the end of {@code expect range vector}, if given);</li>
 *   <li>the {@code @} step-invariance check ({@link AtModifierRewrite}): the expression with its selectors pinned to
 *       that time, evaluated at −10t, 0, t/5, t and 10t (−1s, 0, 1s when t is 0), unless it calls a time-dependent
 *       function;</li>
 *   <li>after each successful query of 1 and 2, the range-mode check: the same text as a range query from t−1m to
 *       t+1m step 1m, whose matrix must be sorted by labels and whose points at t must match the expectation (only
 *       the result: annotations are not checked there). It is skipped for {@code expect range vector},
 *       {@code expect string} and for texts calling {@code start()}, {@code end()}, {@code range()} or
 *       {@code step()}; for {@code expect ordered} only the range query's success is required.</li>
 * </ol>
 * The first query that does not meet the expectations decides the failure. Not thread-safe (the target is not).
 */
public final class PromqlTestScriptRunner {
    private static final long RANGE_MODE_STEP_MILLIS = 60_000;

    private final QueryTarget target;
    private final AtModifierRewrite rewrite = new AtModifierRewrite();

    public PromqlTestScriptRunner(QueryTarget target) {
        this.target = requireNonNull(target, "target is null");
    }

    public ScriptResult run(TestScript script) {
        requireNonNull(script, "script is null");
        target.clear();
        List<EvalOutcome> outcomes = new ArrayList<>(script.evals().size());
        LoadFailure loadFailure = null;
        for (TestCommand command : script.commands()) {
            switch (command) {
                case Clear clear -> {
                    target.clear();
                    loadFailure = null;
                }
                case Load load -> {
                    LoadFailure failure = load(load);
                    if (loadFailure == null) {
                        loadFailure = failure;
                    }
                }
                case Eval eval -> outcomes.add(loadFailure == null ? evaluate(eval) : EvalOutcome.failed(eval,
                        "load failed: " + firstLine(summary(loadFailure.cause()), 160),
                        header(eval) + "\n  the load at " + loadFailure.location() + " failed, so nothing after it "
                                + "until the next clear can be checked:\n    "
                                + details(loadFailure.cause()).replace("\n", "\n    ")));
            }
        }
        return new ScriptResult(script, outcomes);
    }

    private record LoadFailure(SourceLocation location, RuntimeException cause) {}

    private LoadFailure load(Load load) {
        try {
            target.load(LoadConversion.series(load));
            return null;
        } catch (RuntimeException e) {
            return new LoadFailure(load.location(), e);
        }
    }

    private EvalOutcome evaluate(Eval eval) {
        Optional<EvalOutcome.Failure> failure = switch (eval.kind()) {
            case RANGE -> evaluateRange(eval);
            case INSTANT -> evaluateInstant(eval);
        };
        return new EvalOutcome(eval, failure);
    }

    private Optional<EvalOutcome.Failure> evaluateRange(Eval eval) {
        long step = eval.step().toMillis();
        Check check = new Check("", eval.expression(), "range query from " + ResultFormat.time(eval.start()) + " to "
                + ResultFormat.time(eval.end()) + " step " + ResultFormat.time(step));
        Response response = call(() -> target.range(eval.expression(), eval.start(), eval.end(), step));
        return checkResponse(eval, check, response);
    }

    private Optional<EvalOutcome.Failure> evaluateInstant(Eval eval) {
        long time = eval.queryTime();
        Optional<EvalOutcome.Failure> failure = runInstant(eval, new Check("", eval.expression(),
                "instant query at " + ResultFormat.time(time)), time);
        if (failure.isPresent()) {
            return failure;
        }
        Optional<String> pinned;
        try {
            pinned = rewrite.rewrite(eval.expression(), time);
        } catch (ParseException e) {
            return Optional.of(new EvalOutcome.Failure("@ check: the expression does not parse",
                    header(eval) + "\n  the @ step-invariance check cannot rewrite the expression, which does not "
                            + "parse:\n    " + e.getMessage()));
        }
        if (pinned.isEmpty()) {
            return Optional.empty();
        }
        for (long atTime : AtModifierRewrite.evaluationTimes(time)) {
            failure = runInstant(eval, new Check("@ check: ", pinned.get(), "@ step-invariance check: instant query `"
                    + pinned.get() + "` at " + ResultFormat.time(atTime)), atTime);
            if (failure.isPresent()) {
                return failure;
            }
        }
        return Optional.empty();
    }

    private Optional<EvalOutcome.Failure> runInstant(Eval eval, Check check, long time) {
        Response response = call(() -> target.instant(check.expression(), time));
        Optional<EvalOutcome.Failure> failure = checkResponse(eval, check, response);
        if (failure.isPresent() || eval.expectsFailure()) {
            return failure;
        }
        if (!(response instanceof Response.Success success) || eval.excludedFromRangeModeCheck()
                || AtModifierRewrite.callsQueryContextFunction(check.expression())) {
            return Optional.empty();
        }
        return rangeModeCheck(eval, check, time, success.result().value());
    }

    private Optional<EvalOutcome.Failure> rangeModeCheck(Eval eval, Check instantCheck, long time,
                                                         QueryValue instantValue) {
        String prefix = instantCheck.categoryPrefix().isEmpty() ? "range-mode check: " : "@ check, range mode: ";
        Check check = new Check(prefix, instantCheck.expression(), "range-mode check: range query `"
                + instantCheck.expression() + "` from " + ResultFormat.time(time - RANGE_MODE_STEP_MILLIS) + " to "
                + ResultFormat.time(time + RANGE_MODE_STEP_MILLIS) + " step 1m, compared at "
                + ResultFormat.time(time));
        Response response = call(() -> target.range(instantCheck.expression(), time - RANGE_MODE_STEP_MILLIS,
                time + RANGE_MODE_STEP_MILLIS, RANGE_MODE_STEP_MILLIS));
        QueryValue value;
        switch (response) {
            case Response.Success success -> value = success.result().value();
            case Response.Error error -> {
                return fail(eval, check, "engine error: " + firstLine(error.exception().getMessage(), 160),
                        List.of("the range query failed: " + error.exception().getMessage()), null);
            }
            case Response.Crash crash -> {
                return fail(eval, check, "engine crash: " + firstLine(summary(crash.throwable()), 160),
                        List.of("the range query crashed: " + details(crash.throwable())), null);
            }
        }
        if (eval.ordered()) {
            return Optional.empty();
        }
        if (!(value instanceof Matrix matrix)) {
            return fail(eval, check, "the range query did not return a matrix",
                    List.of("a range query must return a matrix, but it returned " + ResultFormat.typeName(value)),
                    value);
        }
        Optional<String> unsorted = ResultComparison.unsorted(matrix);
        if (unsorted.isPresent()) {
            return fail(eval, check, "matrix not sorted", List.of(unsorted.get()), value);
        }
        List<io.amphora.promql.engine.Sample> atTime = new ArrayList<>();
        for (RangeSeries series : matrix.series()) {
            for (int i = 0; i < series.floatTimestamps().length; i++) {
                if (series.floatTimestamps()[i] == time) {
                    atTime.add(io.amphora.promql.engine.Sample.ofFloat(series.labels(), time,
                            series.floatValues()[i]));
                    break;
                }
            }
            for (int i = 0; i < series.histogramTimestamps().length; i++) {
                if (series.histogramTimestamps()[i] == time) {
                    atTime.add(io.amphora.promql.engine.Sample.ofHistogram(series.labels(), time,
                            series.histograms()[i]));
                    break;
                }
            }
        }
        QueryValue comparable;
        if (instantValue instanceof Scalar) {
            if (atTime.isEmpty()) {
                return fail(eval, check, "result mismatch", List.of("the instant query returned a scalar, but the "
                        + "range query has no point at " + ResultFormat.time(time)), value);
            }
            comparable = new Scalar(time, atTime.getFirst().value());
        } else {
            comparable = new Vector(atTime);
        }
        List<String> problems = ResultComparison.problems(eval, comparable);
        if (!problems.isEmpty()) {
            return fail(eval, check, "result mismatch", problems, value);
        }
        return Optional.empty();
    }

    /** The checks every query of an eval gets: failure expectations, annotations, the result. */
    private Optional<EvalOutcome.Failure> checkResponse(Eval eval, Check check, Response response) {
        QueryResult result;
        switch (response) {
            case Response.Crash crash -> {
                return fail(eval, check, "engine crash: " + firstLine(summary(crash.throwable()), 160),
                        List.of("the query crashed: " + details(crash.throwable())), null);
            }
            case Response.Error error -> {
                String message = String.valueOf(error.exception().getMessage());
                if (eval.failure().isEmpty()) {
                    return fail(eval, check, "engine error: " + firstLine(message, 160),
                            List.of("the query failed: " + message), null);
                }
                ExpectedFailure expected = eval.failure().get();
                if (expected.accepts(message)) {
                    return Optional.empty();
                }
                return fail(eval, check, "wrong error message", List.of("expected an error matching "
                        + expected.messages() + ", but the error was: " + message), null);
            }
            case Response.Success success -> result = success.result();
        }
        if (eval.expectsFailure()) {
            String constraint = eval.failure().get().messages().isEmpty() ? ""
                    : " matching " + eval.failure().get().messages();
            return fail(eval, check, "expected an error, but the query succeeded",
                    List.of("expected an error" + constraint + ", but the query succeeded"), result.value());
        }
        Optional<String> warnings = eval.warnings().mismatch(result.warnings());
        if (warnings.isPresent()) {
            return fail(eval, check, "warning annotations mismatch", List.of("warnings: " + warnings.get()
                    + annotationSummary(eval.warnings(), result.warnings())), null);
        }
        Optional<String> infos = eval.infos().mismatch(result.infos());
        if (infos.isPresent()) {
            return fail(eval, check, "info annotations mismatch", List.of("infos: " + infos.get()
                    + annotationSummary(eval.infos(), result.infos())), null);
        }
        List<String> problems = ResultComparison.problems(eval, result.value());
        if (!problems.isEmpty()) {
            return fail(eval, check, "result mismatch", problems, result.value());
        }
        return Optional.empty();
    }

    private static String annotationSummary(AnnotationExpectation expected, List<String> actual) {
        StringBuilder sb = new StringBuilder();
        if (!expected.matches().isEmpty()) {
            sb.append("\n    expected: ").append(expected.matches());
        }
        sb.append("\n    got: ").append(actual);
        return sb.toString();
    }

    private Optional<EvalOutcome.Failure> fail(Eval eval, Check check, String kind, List<String> problems,
                                               QueryValue got) {
        StringBuilder detail = new StringBuilder(header(eval));
        detail.append("\n  check: ").append(check.description());
        for (String problem : problems) {
            detail.append("\n  ").append(problem.replace("\n", "\n  "));
        }
        if (got != null) {
            detail.append("\n  expected:\n").append(ResultFormat.describe(eval.result(), "    "));
            detail.append("\n  got:\n").append(ResultFormat.describe(got, "    "));
        }
        return Optional.of(new EvalOutcome.Failure(check.categoryPrefix() + kind, detail.toString()));
    }

    /** {@code file:line: eval instant at 50m expr}. */
    static String header(Eval eval) {
        String command = switch (eval.kind()) {
            case INSTANT -> "eval instant at " + ResultFormat.time(eval.time());
            case RANGE -> "eval range from " + ResultFormat.time(eval.start()) + " to " + ResultFormat.time(eval.end())
                    + " step " + ResultFormat.time(eval.step().toMillis());
        };
        return eval.location() + ": " + command + " " + eval.expression();
    }

    /** One query an eval runs: its expression text, how to describe it, and its category prefix. */
    private record Check(String categoryPrefix, String expression, String description) {}

    private sealed interface Response {
        record Success(QueryResult result) implements Response {}

        record Error(QueryException exception) implements Response {}

        /** Anything but a {@link QueryException}: a bug of the target, reported rather than aborting the run. */
        record Crash(Throwable throwable) implements Response {}
    }

    private static Response call(Supplier<QueryResult> query) {
        try {
            return new Response.Success(requireNonNull(query.get(), "the target returned no result"));
        } catch (QueryException e) {
            return new Response.Error(e);
        } catch (RuntimeException | StackOverflowError e) {
            return new Response.Crash(e);
        }
    }

    /** The exception's message; for anything but the expected refusals also its type, which then says more. */
    private static String summary(Throwable throwable) {
        String message = throwable.getMessage();
        if (message != null && (throwable instanceof QueryException || throwable instanceof IllegalArgumentException
                || throwable instanceof UnsupportedOperationException
                || throwable instanceof io.amphora.model.AmphoraException)) {
            return message;
        }
        return throwable.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@link #summary} and where it was thrown, for the failure's detail. */
    private static String details(Throwable throwable) {
        StackTraceElement[] stack = throwable.getStackTrace();
        return summary(throwable) + (stack.length == 0 ? "" : "\n      at " + stack[0]
                + (stack.length > 1 ? "\n      at " + stack[1] : ""));
    }

    private static String firstLine(String text, int maxLength) {
        String line = text == null ? "" : text.lines().findFirst().orElse("").strip();
        return line.length() <= maxLength ? line : line.substring(0, maxLength) + "…";
    }
}
