package io.amphora.promql.ast;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.amphora.promql.ast.ValueType.MATRIX;
import static io.amphora.promql.ast.ValueType.SCALAR;
import static io.amphora.promql.ast.ValueType.STRING;
import static io.amphora.promql.ast.ValueType.VECTOR;

/**
 * The functions of Prometheus 3 PromQL (as of Prometheus 3.14): name, argument types, variadic count, return type
 * and whether it is experimental. Immutable.
 */
public final class Functions {
    private static final Map<String, Function> BY_NAME = Stream.of(
            stable("abs", VECTOR, 0, VECTOR),
            stable("absent", VECTOR, 0, VECTOR),
            stable("absent_over_time", VECTOR, 0, MATRIX),
            stable("acos", VECTOR, 0, VECTOR),
            stable("acosh", VECTOR, 0, VECTOR),
            stable("asin", VECTOR, 0, VECTOR),
            stable("asinh", VECTOR, 0, VECTOR),
            stable("atan", VECTOR, 0, VECTOR),
            stable("atanh", VECTOR, 0, VECTOR),
            stable("avg_over_time", VECTOR, 0, MATRIX),
            stable("ceil", VECTOR, 0, VECTOR),
            stable("changes", VECTOR, 0, MATRIX),
            stable("clamp", VECTOR, 0, VECTOR, SCALAR, SCALAR),
            stable("clamp_max", VECTOR, 0, VECTOR, SCALAR),
            stable("clamp_min", VECTOR, 0, VECTOR, SCALAR),
            stable("cos", VECTOR, 0, VECTOR),
            stable("cosh", VECTOR, 0, VECTOR),
            stable("count_over_time", VECTOR, 0, MATRIX),
            stable("day_of_month", VECTOR, 1, VECTOR),
            stable("day_of_week", VECTOR, 1, VECTOR),
            stable("day_of_year", VECTOR, 1, VECTOR),
            stable("days_in_month", VECTOR, 1, VECTOR),
            stable("deg", VECTOR, 0, VECTOR),
            stable("delta", VECTOR, 0, MATRIX),
            stable("deriv", VECTOR, 0, MATRIX),
            experimental("double_exponential_smoothing", VECTOR, 0, MATRIX, SCALAR, SCALAR),
            experimental("end", SCALAR, 0),
            stable("exp", VECTOR, 0, VECTOR),
            stable("first_over_time", VECTOR, 0, MATRIX),
            stable("floor", VECTOR, 0, VECTOR),
            stable("histogram_avg", VECTOR, 0, VECTOR),
            stable("histogram_count", VECTOR, 0, VECTOR),
            stable("histogram_fraction", VECTOR, 0, SCALAR, SCALAR, VECTOR),
            stable("histogram_quantile", VECTOR, 0, SCALAR, VECTOR),
            experimental("histogram_quantiles", VECTOR, 9, VECTOR, STRING, SCALAR, SCALAR),
            stable("histogram_stddev", VECTOR, 0, VECTOR),
            stable("histogram_stdvar", VECTOR, 0, VECTOR),
            stable("histogram_sum", VECTOR, 0, VECTOR),
            stable("hour", VECTOR, 1, VECTOR),
            stable("idelta", VECTOR, 0, MATRIX),
            stable("increase", VECTOR, 0, MATRIX),
            experimental("info", VECTOR, 1, VECTOR, VECTOR),
            stable("irate", VECTOR, 0, MATRIX),
            stable("label_join", VECTOR, -1, VECTOR, STRING, STRING, STRING),
            stable("label_replace", VECTOR, 0, VECTOR, STRING, STRING, STRING, STRING),
            stable("last_over_time", VECTOR, 0, MATRIX),
            stable("ln", VECTOR, 0, VECTOR),
            stable("log10", VECTOR, 0, VECTOR),
            stable("log2", VECTOR, 0, VECTOR),
            experimental("mad_over_time", VECTOR, 0, MATRIX),
            experimental("max_of", SCALAR, 0, SCALAR, SCALAR),
            stable("max_over_time", VECTOR, 0, MATRIX),
            experimental("min_of", SCALAR, 0, SCALAR, SCALAR),
            stable("min_over_time", VECTOR, 0, MATRIX),
            stable("minute", VECTOR, 1, VECTOR),
            stable("month", VECTOR, 1, VECTOR),
            stable("pi", SCALAR, 0),
            stable("predict_linear", VECTOR, 0, MATRIX, SCALAR),
            stable("present_over_time", VECTOR, 0, MATRIX),
            stable("quantile_over_time", VECTOR, 0, SCALAR, MATRIX),
            stable("rad", VECTOR, 0, VECTOR),
            experimental("range", SCALAR, 0),
            stable("rate", VECTOR, 0, MATRIX),
            stable("resets", VECTOR, 0, MATRIX),
            stable("round", VECTOR, 1, VECTOR, SCALAR),
            stable("scalar", SCALAR, 0, VECTOR),
            stable("sgn", VECTOR, 0, VECTOR),
            stable("sin", VECTOR, 0, VECTOR),
            stable("sinh", VECTOR, 0, VECTOR),
            stable("sort", VECTOR, 0, VECTOR),
            experimental("sort_by_label", VECTOR, -1, VECTOR, STRING),
            experimental("sort_by_label_desc", VECTOR, -1, VECTOR, STRING),
            stable("sort_desc", VECTOR, 0, VECTOR),
            stable("sqrt", VECTOR, 0, VECTOR),
            experimental("start", SCALAR, 0),
            experimental("start_timestamp", VECTOR, 0, VECTOR),
            stable("stddev_over_time", VECTOR, 0, MATRIX),
            stable("stdvar_over_time", VECTOR, 0, MATRIX),
            experimental("step", SCALAR, 0),
            stable("sum_over_time", VECTOR, 0, MATRIX),
            stable("tan", VECTOR, 0, VECTOR),
            stable("tanh", VECTOR, 0, VECTOR),
            stable("time", SCALAR, 0),
            stable("timestamp", VECTOR, 0, VECTOR),
            experimental("ts_of_first_over_time", VECTOR, 0, MATRIX),
            experimental("ts_of_last_over_time", VECTOR, 0, MATRIX),
            experimental("ts_of_max_over_time", VECTOR, 0, MATRIX),
            experimental("ts_of_min_over_time", VECTOR, 0, MATRIX),
            stable("vector", VECTOR, 0, SCALAR),
            stable("year", VECTOR, 1, VECTOR))
            .collect(Collectors.toUnmodifiableMap(Function::name, f -> f));

    private Functions() {}

    /** Function names are case-sensitive: {@code RATE(x[5m])} is an unknown function. */
    public static Optional<Function> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** @throws IllegalArgumentException for an unknown name */
    public static Function get(String name) {
        return lookup(name).orElseThrow(() -> new IllegalArgumentException("unknown function " + name));
    }

    public static Map<String, Function> all() {
        return BY_NAME;
    }

    private static Function stable(String name, ValueType returnType, int variadic, ValueType... argTypes) {
        return new Function(name, List.of(argTypes), variadic, returnType, false);
    }

    private static Function experimental(String name, ValueType returnType, int variadic, ValueType... argTypes) {
        return new Function(name, List.of(argTypes), variadic, returnType, true);
    }
}
