package io.amphora.prometheusapi;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PromqlPrinter;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.VectorSelector;
import io.amphora.promql.parser.ParseException;
import io.amphora.promql.parser.PromqlParser;

import static java.util.Objects.requireNonNull;

/**
 * Turns the parameters of Prometheus HTTP API v1 requests into validated requests, checking them in Prometheus 3's
 * order and failing with its {@code bad_data} messages, e.g. {@code invalid parameter "start": cannot parse "x" to
 * a valid timestamp}. Stateless apart from its collaborators; thread-safe.
 */
public final class ApiRequestParser {
    /** Prometheus's cap on the steps of a range query. */
    public static final long MAX_RANGE_QUERY_POINTS = 11_000;

    private final PromqlParser parser;
    private final InstantSource clock;

    /**
     * @param parser parses {@code match[]} selectors and the queries of {@code format_query}, {@code parse_query}
     *     and {@code query_exemplars}
     * @param clock the evaluation time of instant queries without a {@code time} parameter
     */
    public ApiRequestParser(PromqlParser parser, InstantSource clock) {
        this.parser = requireNonNull(parser, "parser is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@code GET|POST /api/v1/query}: {@code limit}, {@code time}, {@code timeout}, {@code lookback_delta}. */
    public InstantQueryRequest instantQuery(RequestParameters parameters) {
        long limit = limit(parameters);
        ApiTime time = optionalTime(parameters, "time", ApiTime.of(clock.instant()));
        Optional<Duration> timeout = timeout(parameters);
        Optional<Duration> lookbackDelta = lookbackDelta(parameters);
        String stats = parameters.first("stats");
        return new InstantQueryRequest(parameters.first("query"), time, timeout, lookbackDelta, limit,
                StatsParameter.of(stats), statsWarnings(stats));
    }

    /**
     * {@code GET|POST /api/v1/query_range}: {@code limit}, {@code start}, {@code end}, {@code step} and the
     * 11,000-point cap, {@code timeout}, {@code lookback_delta}.
     */
    public RangeQueryRequest rangeQuery(RequestParameters parameters) {
        long limit = limit(parameters);
        ApiTime start = requiredTime(parameters, "start");
        ApiTime end = requiredTime(parameters, "end");
        if (end.isBefore(start)) {
            throw ApiException.invalidParameter("end", "end timestamp must not be before start time");
        }
        Duration step = duration(parameters.first("step"), "step");
        if (!step.isPositive()) {
            throw ApiException.invalidParameter("step",
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        // Go divides the whole range by the step in nanoseconds, both saturated Go durations.
        if (end.nanosSince(start) / step.toNanos() > MAX_RANGE_QUERY_POINTS) {
            throw ApiException.badData("exceeded maximum resolution of 11,000 points per timeseries. "
                    + "Try decreasing the query resolution (?step=XX)");
        }
        Optional<Duration> timeout = timeout(parameters);
        Optional<Duration> lookbackDelta = lookbackDelta(parameters);
        String stats = parameters.first("stats");
        return new RangeQueryRequest(parameters.first("query"), start, end, step, timeout, lookbackDelta, limit,
                StatsParameter.of(stats), statsWarnings(stats));
    }

    /** {@code GET|POST /api/v1/format_query}: the query pretty-printed as Prometheus's {@code Prettify} does. */
    public String formatQuery(RequestParameters parameters) {
        return PromqlPrinter.pretty(query(parameters));
    }

    /**
     * {@code GET|POST /api/v1/parse_query} (and the parsing step of {@code format_query}): the parsed query.
     *
     * @throws ApiException {@code invalid parameter "query": <parse error>}
     */
    public Expr query(RequestParameters parameters) {
        try {
            return parser.parseExpr(parameters.first("query"));
        } catch (ParseException e) {
            throw ApiException.invalidParameter("query", e.getMessage());
        }
    }

    /** {@code GET|POST /api/v1/labels}: {@code limit}, {@code start}, {@code end}, {@code match[]}. */
    public LabelNamesRequest labelNames(RequestParameters parameters) {
        long limit = limit(parameters);
        ApiTime start = optionalTime(parameters, "start", ApiTime.MIN);
        ApiTime end = optionalTime(parameters, "end", ApiTime.MAX);
        List<List<Matcher>> matcherSets = matcherSets(parameters.all("match[]"), null);
        return new LabelNamesRequest(start, end, matcherSets, limit);
    }

    /**
     * {@code GET /api/v1/label/<name>/values}: the name from the path (URL-decoded by the caller), then
     * {@code limit}, {@code start}, {@code end}, {@code match[]}.
     */
    public LabelValuesRequest labelValues(String labelName, RequestParameters parameters) {
        requireNonNull(labelName, "labelName is null");
        String name;
        try {
            name = ApiParameters.parseLabelName(labelName);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData(e.getMessage());
        }
        long limit = limit(parameters);
        ApiTime start = optionalTime(parameters, "start", ApiTime.MIN);
        ApiTime end = optionalTime(parameters, "end", ApiTime.MAX);
        List<List<Matcher>> matcherSets = matcherSets(parameters.all("match[]"), null);
        return new LabelValuesRequest(name, start, end, matcherSets, limit);
    }

    /** {@code GET|POST /api/v1/series}: a {@code match[]} at least, then {@code limit}, {@code start}, {@code end}. */
    public SeriesRequest series(RequestParameters parameters) {
        List<String> selectors = parameters.all("match[]");
        if (selectors.isEmpty()) {
            throw ApiException.badData("no match[] parameter provided");
        }
        long limit = limit(parameters);
        ApiTime start = optionalTime(parameters, "start", ApiTime.MIN);
        ApiTime end = optionalTime(parameters, "end", ApiTime.MAX);
        List<List<Matcher>> matcherSets = matcherSets(selectors, "match[]");
        return new SeriesRequest(start, end, matcherSets, limit);
    }

    /** {@code GET|POST /api/v1/query_exemplars}: {@code start}, {@code end}, {@code query}. */
    public ExemplarQueryRequest exemplars(RequestParameters parameters) {
        ApiTime start = optionalTime(parameters, "start", ApiTime.MIN);
        ApiTime end = optionalTime(parameters, "end", ApiTime.MAX);
        if (end.isBefore(start)) {
            throw ApiException.badData("end timestamp must not be before start timestamp");
        }
        Expr query;
        try {
            query = parser.parseExpr(parameters.first("query"));
        } catch (ParseException e) {
            throw ApiException.badData(e.getMessage());
        }
        List<List<Matcher>> selectors = new ArrayList<>();
        collectSelectors(query, selectors);
        return new ExemplarQueryRequest(start, end, query, selectors);
    }

    /** {@code GET /api/v1/metadata}: {@code limit}, {@code limit_per_metric}, {@code metric}. */
    public MetadataRequest metadata(RequestParameters parameters) {
        long limit = metadataLimit(parameters.first("limit"), "limit must be a number");
        long limitPerMetric = metadataLimit(parameters.first("limit_per_metric"), "limit_per_metric must be a number");
        return new MetadataRequest(parameters.first("metric"), limit, limitPerMetric);
    }

    private static long metadataLimit(String value, String error) {
        if (value.isEmpty()) {
            return -1;
        }
        try {
            return GoStrconv.atoi(value);
        } catch (NumberFormatException e) {
            throw ApiException.badData(error);
        }
    }

    private static long limit(RequestParameters parameters) {
        try {
            return ApiParameters.parseLimit(parameters.first("limit"));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter("limit", e.getMessage());
        }
    }

    private static ApiTime requiredTime(RequestParameters parameters, String name) {
        try {
            return ApiParameters.parseTime(parameters.first(name));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    /** Prometheus's {@code parseTimeParam}: a default when empty, and a second layer of wording on failure. */
    private static ApiTime optionalTime(RequestParameters parameters, String name, ApiTime defaultValue) {
        String value = parameters.first(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return ApiParameters.parseTime(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, "invalid time value for '" + name + "': " + e.getMessage());
        }
    }

    private static Duration duration(String value, String name) {
        try {
            return ApiParameters.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidParameter(name, e.getMessage());
        }
    }

    private static Optional<Duration> timeout(RequestParameters parameters) {
        String value = parameters.first("timeout");
        return value.isEmpty() ? Optional.empty() : Optional.of(duration(value, "timeout"));
    }

    /** Not an {@code invalid parameter} error in Prometheus, but its own wording. */
    private static Optional<Duration> lookbackDelta(RequestParameters parameters) {
        String value = parameters.first("lookback_delta");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Duration delta;
        try {
            delta = ApiParameters.parseDuration(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badData("error parsing lookback delta duration: " + e.getMessage());
        }
        return delta.isPositive() ? Optional.of(delta) : Optional.empty();
    }

    /** Prometheus 3.14 warns about {@code stats} values other than {@code true} and {@code all}. */
    private static List<String> statsWarnings(String stats) {
        return switch (stats) {
            case "", "true", "all" -> List.of();
            default -> List.of("value " + GoStrings.quote(stats) + " for parameter \"stats\" is deprecated and will "
                    + "be rejected in the next major release, use \"true\" or \"all\"");
        };
    }

    /**
     * Parses each selector and requires each set to have a matcher that does not match the empty string; errors
     * become {@code invalid parameter "<parameter>"} when a parameter name is given, plain {@code bad_data}
     * otherwise (as Prometheus's label endpoints report them).
     */
    private List<List<Matcher>> matcherSets(List<String> selectors, String parameter) {
        List<List<Matcher>> sets = new ArrayList<>(selectors.size());
        try {
            for (String selector : selectors) {
                sets.add(parser.parseMetricSelector(selector));
            }
        } catch (ParseException e) {
            throw matcherError(parameter, e.getMessage());
        }
        for (List<Matcher> set : sets) {
            if (set.stream().allMatch(m -> m.matches(""))) {
                throw matcherError(parameter, "match[] must contain at least one non-empty matcher");
            }
        }
        return sets;
    }

    private static ApiException matcherError(String parameter, String message) {
        return parameter == null ? ApiException.badData(message) : ApiException.invalidParameter(parameter, message);
    }

    /** Prometheus's {@code ExtractSelectors}: a pre-order walk, aggregation expression before its parameter. */
    private static void collectSelectors(Expr expr, List<List<Matcher>> out) {
        switch (expr) {
            case VectorSelector v -> out.add(v.matchers());
            case MatrixSelector m -> out.add(m.selector().matchers());
            case AggregateExpr a -> {
                collectSelectors(a.expr(), out);
                a.param().ifPresent(p -> collectSelectors(p, out));
            }
            case BinaryExpr b -> {
                // Left-deep chains (a or b or c ...) are walked along their spine, not recursively.
                List<BinaryExpr> spine = b.leftSpine();
                collectSelectors(spine.getLast().lhs(), out);
                for (int i = spine.size() - 1; i >= 0; i--) {
                    collectSelectors(spine.get(i).rhs(), out);
                }
            }
            case Call c -> c.args().forEach(arg -> collectSelectors(arg, out));
            case SubqueryExpr s -> collectSelectors(s.expr(), out);
            case ParenExpr p -> collectSelectors(p.expr(), out);
            case UnaryExpr u -> collectSelectors(u.expr(), out);
            case NumberLiteral _, StringLiteral _ -> {
            }
        }
    }
}
