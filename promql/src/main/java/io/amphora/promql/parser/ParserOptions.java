package io.amphora.promql.parser;

/**
 * Which experimental parts of the language are accepted, as Prometheus's parser options and feature flags.
 *
 * @param experimentalFunctions {@code --enable-feature=promql-experimental-functions}: functions and aggregations
 *         marked experimental ({@code limitk}, {@code info}, {@code sort_by_label}, ...)
 * @param durationExpressions arithmetic in ranges and offsets ({@code [5m * 2]}, {@code offset step()}); on by
 *         default since Prometheus 3.x made the old {@code promql-duration-expr} flag a no-op
 * @param extendedRangeSelectors {@code promql-extended-range-selectors}: {@code anchored} and {@code smoothed}
 * @param binopFillModifiers {@code promql-binop-fill-modifiers}: {@code fill}, {@code fill_left}, {@code fill_right}
 */
public record ParserOptions(
        boolean experimentalFunctions, boolean durationExpressions, boolean extendedRangeSelectors,
        boolean binopFillModifiers) {

    /** A stock Prometheus server: only duration expressions. */
    public static ParserOptions defaults() {
        return new ParserOptions(false, true, false, false);
    }

    /** Everything on, as Prometheus's own PromQL test harness runs. */
    public static ParserOptions allFeatures() {
        return new ParserOptions(true, true, true, true);
    }
}
