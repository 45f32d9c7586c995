package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.ast.AtModifier;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PromqlPrinter;
import io.amphora.promql.ast.QueryDuration;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.VectorSelector;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryStats;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import io.amphora.promql.parser.ParseException;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A {@link QueryTarget} for testing the runner: in-memory series and a tiny PromQL evaluator that knows only number
 * and string literals, parentheses, instant vector selectors and range selectors (with {@code offset} and {@code @}),
 * with Prometheus's semantics for those: a 5-minute lookback over (t−5m, t], a staleness marker ending a series,
 * range selectors over (t−range, t] without staleness markers. Anything else fails with a {@link QueryException}.
 * Every query is recorded in {@link #queries()}. Not thread-safe.
 */
final class FakeQueryTarget implements QueryTarget {
    static final long LOOKBACK_MILLIS = 5 * 60_000;
    private static final QueryStats NO_STATS = new QueryStats(0, 0, new long[0], new long[0]);

    private final PromqlParser parser = new PromqlParser(ParserOptions.allFeatures());
    private final Map<Labels, List<LoadSeries.Point>> series = new TreeMap<>();
    private final List<String> queries = new ArrayList<>();

    /** Each query as {@code instant <expr> @ <t>} or {@code range <expr> <start>..<end>/<step>}, in order. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    /** @throws IllegalArgumentException for a sample not after its series' newest one; nothing is stored then */
    @Override
    public void load(List<LoadSeries> batch) {
        Map<Labels, Long> newest = new TreeMap<>();
        for (LoadSeries one : batch) {
            long last = newest.getOrDefault(one.labels(), lastTimestamp(one.labels()));
            for (LoadSeries.Point point : one.points()) {
                if (point.timestamp() <= last) {
                    throw new IllegalArgumentException("out of order sample for " + one.labels() + " at "
                            + point.timestamp());
                }
                last = point.timestamp();
            }
            newest.put(one.labels(), last);
        }
        for (LoadSeries one : batch) {
            series.computeIfAbsent(one.labels(), labels -> new ArrayList<>()).addAll(one.points());
        }
    }

    private long lastTimestamp(Labels labels) {
        List<LoadSeries.Point> points = series.get(labels);
        return points == null || points.isEmpty() ? Long.MIN_VALUE : points.getLast().timestamp();
    }

    @Override
    public void clear() {
        series.clear();
    }

    @Override
    public QueryResult instant(String query, long timeMillis) {
        queries.add("instant " + query + " @ " + timeMillis);
        return new QueryResult(evaluate(parse(query), timeMillis, timeMillis, timeMillis), List.of(), List.of(),
                NO_STATS);
    }

    @Override
    public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
        queries.add("range " + query + " " + startMillis + ".." + endMillis + "/" + stepMillis);
        Expr expr = parse(query);
        if (expr instanceof MatrixSelector || expr instanceof StringLiteral) {
            throw new QueryException(QueryErrorType.BAD_DATA, "invalid expression type for range query, must be "
                    + "Scalar or instant Vector");
        }
        if (stepMillis <= 0) {
            throw new QueryException(QueryErrorType.BAD_DATA, "zero or negative query resolution step widths are "
                    + "not accepted. Try a positive integer");
        }
        Map<Labels, List<LoadSeries.Point>> collected = new TreeMap<>();
        for (long t = startMillis; t <= endMillis; t += stepMillis) {
            switch (evaluate(expr, t, startMillis, endMillis)) {
                case Scalar scalar -> collected.computeIfAbsent(Labels.empty(), labels -> new ArrayList<>())
                        .add(LoadSeries.Point.ofFloat(t, scalar.value()));
                case Vector vector -> {
                    for (io.amphora.promql.engine.Sample sample : vector.samples()) {
                        collected.computeIfAbsent(sample.labels(), labels -> new ArrayList<>()).add(sample.isHistogram()
                                ? LoadSeries.Point.ofHistogram(t, sample.histogram())
                                : LoadSeries.Point.ofFloat(t, sample.value()));
                    }
                }
                case Matrix matrix -> throw new IllegalStateException("range selectors were rejected above");
                case StringValue string -> throw new IllegalStateException("strings were rejected above");
            }
        }
        List<RangeSeries> result = new ArrayList<>();
        collected.forEach((labels, points) -> result.add(rangeSeries(labels, points)));
        return new QueryResult(new Matrix(result), List.of(), List.of(), NO_STATS);
    }

    private Expr parse(String query) {
        try {
            return parser.parseExpr(query);
        } catch (ParseException e) {
            throw new QueryException(QueryErrorType.BAD_DATA, e.getMessage(), e);
        }
    }

    private QueryValue evaluate(Expr expr, long time, long start, long end) {
        return switch (expr) {
            case NumberLiteral number -> new Scalar(time, number.value());
            case StringLiteral string -> new StringValue(time, string.value());
            case ParenExpr paren -> evaluate(paren.expr(), time, start, end);
            case VectorSelector selector -> {
                long reference = referenceTime(selector, time, start, end);
                List<io.amphora.promql.engine.Sample> samples = new ArrayList<>();
                for (Map.Entry<Labels, List<LoadSeries.Point>> entry : series.entrySet()) {
                    if (!matches(selector, entry.getKey())) {
                        continue;
                    }
                    LoadSeries.Point latest = null;
                    for (LoadSeries.Point point : entry.getValue()) {
                        if (point.timestamp() > reference - LOOKBACK_MILLIS && point.timestamp() <= reference) {
                            latest = point;
                        }
                    }
                    if (latest == null || (!latest.isHistogram() && Tolerance.isStaleMarker(latest.value()))) {
                        continue;
                    }
                    samples.add(latest.isHistogram()
                            ? io.amphora.promql.engine.Sample.ofHistogram(entry.getKey(), time, latest.histogram())
                            : io.amphora.promql.engine.Sample.ofFloat(entry.getKey(), time, latest.value()));
                }
                yield new Vector(samples);
            }
            case MatrixSelector matrix -> {
                VectorSelector selector = matrix.selector();
                long reference = referenceTime(selector, time, start, end);
                long range = fixed(matrix.range(), expr);
                List<RangeSeries> result = new ArrayList<>();
                for (Map.Entry<Labels, List<LoadSeries.Point>> entry : series.entrySet()) {
                    if (!matches(selector, entry.getKey())) {
                        continue;
                    }
                    List<LoadSeries.Point> inRange = new ArrayList<>();
                    for (LoadSeries.Point point : entry.getValue()) {
                        boolean stale = !point.isHistogram() && Tolerance.isStaleMarker(point.value());
                        if (!stale && point.timestamp() > reference - range && point.timestamp() <= reference) {
                            inRange.add(point);
                        }
                    }
                    if (!inRange.isEmpty()) {
                        result.add(rangeSeries(entry.getKey(), inRange));
                    }
                }
                yield new Matrix(result);
            }
            default -> throw new QueryException(QueryErrorType.EXECUTION,
                    "the fake target evaluates only literals and selectors, not " + PromqlPrinter.print(expr));
        };
    }

    private static long referenceTime(VectorSelector selector, long time, long start, long end) {
        long at = switch (selector.at()) {
            case AtModifier.None none -> time;
            case AtModifier.Timestamp(long millis) -> millis;
            case AtModifier.Start s -> start;
            case AtModifier.End e -> end;
        };
        return at - fixed(selector.offset(), selector);
    }

    private static long fixed(QueryDuration duration, Expr where) {
        if (duration instanceof QueryDuration.Fixed(long millis)) {
            return millis;
        }
        throw new QueryException(QueryErrorType.EXECUTION,
                "the fake target does not evaluate duration expressions: " + PromqlPrinter.print(where));
    }

    private static boolean matches(VectorSelector selector, Labels labels) {
        for (Matcher matcher : selector.matchers()) {
            if (!matcher.matches(labels.get(matcher.name()))) {
                return false;
            }
        }
        return true;
    }

    private static RangeSeries rangeSeries(Labels labels, List<LoadSeries.Point> points) {
        requireNonNull(labels, "labels is null");
        List<LoadSeries.Point> floats = points.stream().filter(point -> !point.isHistogram()).toList();
        List<LoadSeries.Point> histograms = points.stream().filter(LoadSeries.Point::isHistogram).toList();
        long[] floatTimestamps = new long[floats.size()];
        double[] floatValues = new double[floats.size()];
        for (int i = 0; i < floats.size(); i++) {
            floatTimestamps[i] = floats.get(i).timestamp();
            floatValues[i] = floats.get(i).value();
        }
        long[] histogramTimestamps = new long[histograms.size()];
        FloatHistogram[] histogramValues = new FloatHistogram[histograms.size()];
        for (int i = 0; i < histograms.size(); i++) {
            histogramTimestamps[i] = histograms.get(i).timestamp();
            histogramValues[i] = histograms.get(i).histogram();
        }
        return new RangeSeries(labels, floatTimestamps, floatValues, histogramTimestamps, histogramValues);
    }
}
