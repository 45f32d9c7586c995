package io.amphora.querier.api;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.PrometheusDuration;
import io.amphora.model.TenantId;
import io.amphora.prometheusapi.ApiErrorType;
import io.amphora.prometheusapi.ApiException;
import io.amphora.prometheusapi.ApiRequestParser;
import io.amphora.prometheusapi.ApiResponse;
import io.amphora.prometheusapi.ApiResponses;
import io.amphora.prometheusapi.ApiTime;
import io.amphora.prometheusapi.BuildInfo;
import io.amphora.prometheusapi.ExemplarQueryRequest;
import io.amphora.prometheusapi.InstantQueryRequest;
import io.amphora.prometheusapi.LabelNamesRequest;
import io.amphora.prometheusapi.LabelValuesRequest;
import io.amphora.prometheusapi.MetadataRequest;
import io.amphora.prometheusapi.QueryTimings;
import io.amphora.prometheusapi.RangeQueryRequest;
import io.amphora.prometheusapi.RequestParameters;
import io.amphora.prometheusapi.RuntimeInfo;
import io.amphora.prometheusapi.SeriesRequest;
import io.amphora.prometheusapi.StatsParameter;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.querier.MetricMetadata;
import io.amphora.querier.Querier;
import io.amphora.querier.TooManyOutstandingQueriesException;

import static java.util.Objects.requireNonNull;

/**
 * Answers one workspace's Prometheus HTTP API v1 requests: parses the parameters with Prometheus's rules and
 * messages, runs them on the {@link Querier}, and returns the response to stream. Every failure becomes Prometheus's
 * error envelope: invalid parameters 400 {@code bad_data}, evaluation failures and query limits 422
 * {@code execution}, time-outs 503 {@code timeout}, ingester failures 500 {@code internal}; a full query queue is
 * 429, as Cortex's query frontend answers it. Thread-safe.
 */
public final class QueryApi {
    /** The Prometheus release whose API and PromQL semantics are served; Grafana reads it from buildinfo. */
    public static final String PROMETHEUS_VERSION = "3.14.0";

    private final Querier querier;
    private final ApiRequestParser parser;
    private final InstantSource clock;
    private final BuildInfo buildInfo;
    private final Map<String, String> flags;
    private final String configYaml;
    private final ApiTime startTime;
    private final String hostname;

    /** @param engineOptions the settings the querier's engine runs with, reported by the status endpoints */
    public QueryApi(Querier querier, ApiRequestParser parser, InstantSource clock, String amphoraVersion,
            EngineOptions engineOptions) {
        this.querier = requireNonNull(querier, "querier is null");
        this.parser = requireNonNull(parser, "parser is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(amphoraVersion, "amphoraVersion is null");
        requireNonNull(engineOptions, "engineOptions is null");
        this.buildInfo = new BuildInfo(PROMETHEUS_VERSION, "amphora-" + amphoraVersion, "", "amphora", "",
                "java" + Runtime.version().feature());
        this.flags = flags(engineOptions);
        this.configYaml = "global:\n  evaluation_interval: "
                + PrometheusDuration.format(engineOptions.defaultSubqueryStep()) + "\n";
        this.startTime = apiTime(clock.instant());
        this.hostname = hostname();
    }

    private static ApiTime apiTime(java.time.Instant instant) {
        return new ApiTime(instant.getEpochSecond(), instant.getNano());
    }

    private static String hostname() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            String fromEnvironment = System.getenv("HOSTNAME");
            return fromEnvironment != null ? fromEnvironment : "";
        }
    }

    /** The query settings in force under the names of Prometheus's own command-line flags. */
    private static Map<String, String> flags(EngineOptions options) {
        List<String> features = new ArrayList<>();
        ParserOptions parser = options.parserOptions();
        if (parser.experimentalFunctions()) {
            features.add("promql-experimental-functions");
        }
        if (options.delayedNameRemoval()) {
            features.add("promql-delayed-name-removal");
        }
        if (parser.extendedRangeSelectors()) {
            features.add("promql-extended-range-selectors");
        }
        if (parser.binopFillModifiers()) {
            features.add("promql-binop-fill-modifiers");
        }
        if (options.startTimestamps()) {
            features.add("use-start-timestamps");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("enable-feature", String.join(",", features));
        flags.put("query.lookback-delta", PrometheusDuration.format(options.lookbackDelta()));
        flags.put("query.max-samples", Long.toString(options.maxSamples()));
        flags.put("query.timeout", PrometheusDuration.format(options.timeout()));
        return Map.copyOf(flags);
    }

    /** {@code /api/v1/query}. */
    public ApiResponse instantQuery(TenantId tenant, RequestParameters parameters, BooleanSupplier cancelled) {
        return answer(() -> {
            InstantQueryRequest request = parser.instantQuery(parameters);
            QueryOptions options = options(request.lookbackDelta().orElse(null), request.timeout().orElse(null),
                    request.stats(), cancelled);
            long started = clock.millis();
            QueryResult result = querier.instantQuery(tenant, request.query(), request.timeMillis(), options);
            return ApiResponses.query(result, request.limit(), request.stats(), timings(started),
                    request.warnings());
        });
    }

    /** {@code /api/v1/query_range}. */
    public ApiResponse rangeQuery(TenantId tenant, RequestParameters parameters, BooleanSupplier cancelled) {
        return answer(() -> {
            RangeQueryRequest request = parser.rangeQuery(parameters);
            QueryOptions options = options(request.lookbackDelta().orElse(null), request.timeout().orElse(null),
                    request.stats(), cancelled);
            long started = clock.millis();
            QueryResult result = querier.rangeQuery(tenant, request.query(), request.startMillis(),
                    request.endMillis(), request.stepMillis(), options);
            return ApiResponses.query(result, request.limit(), request.stats(), timings(started),
                    request.warnings());
        });
    }

    /** {@code /api/v1/labels}: the union over every {@code match[]} set (all series when none). */
    public ApiResponse labelNames(TenantId tenant, RequestParameters parameters) {
        return answer(() -> {
            LabelNamesRequest request = parser.labelNames(parameters);
            Set<String> names = new TreeSet<>(Labels::compareStrings);
            for (List<Matcher> set : setsOrAll(request.matcherSets())) {
                names.addAll(querier.labelNames(tenant, request.start().toMillis(), request.end().toMillis(),
                        set.toArray(Matcher[]::new)));
            }
            List<String> warnings = new ArrayList<>();
            return ApiResponses.labelNames(limit(new ArrayList<>(names), request.limit(), warnings), warnings);
        });
    }

    /** {@code /api/v1/label/<name>/values}. */
    public ApiResponse labelValues(TenantId tenant, String labelName, RequestParameters parameters) {
        return answer(() -> {
            LabelValuesRequest request = parser.labelValues(labelName, parameters);
            Set<String> values = new TreeSet<>(Labels::compareStrings);
            for (List<Matcher> set : setsOrAll(request.matcherSets())) {
                values.addAll(querier.labelValues(tenant, request.labelName(), request.start().toMillis(),
                        request.end().toMillis(), set.toArray(Matcher[]::new)));
            }
            List<String> warnings = new ArrayList<>();
            return ApiResponses.labelValues(limit(new ArrayList<>(values), request.limit(), warnings), warnings);
        });
    }

    /** {@code /api/v1/series}: the union over the {@code match[]} sets, sorted by labels. */
    public ApiResponse series(TenantId tenant, RequestParameters parameters) {
        return answer(() -> {
            SeriesRequest request = parser.series(parameters);
            Set<Labels> series = new TreeSet<>();
            for (List<Matcher> set : request.matcherSets()) {
                series.addAll(querier.series(tenant, request.start().toMillis(), request.end().toMillis(),
                        set.toArray(Matcher[]::new)));
            }
            List<String> warnings = new ArrayList<>();
            return ApiResponses.series(limit(new ArrayList<>(series), request.limit(), warnings), warnings);
        });
    }

    /** {@code /api/v1/metadata}. */
    public ApiResponse metadata(TenantId tenant, RequestParameters parameters) {
        return answer(() -> {
            MetadataRequest request = parser.metadata(parameters);
            int limit = request.limited() ? (int) Math.min(Integer.MAX_VALUE, request.limit()) : 0;
            int perMetric = request.limitedPerMetric() ? (int) Math.min(Integer.MAX_VALUE, request.limitPerMetric()) : 0;
            Map<String, List<io.amphora.prometheusapi.MetricMetadata>> byFamily = new LinkedHashMap<>();
            for (MetricMetadata m : querier.metricsMetadata(tenant, request.metric(), limit, perMetric)) {
                byFamily.computeIfAbsent(m.metricFamilyName(), _ -> new ArrayList<>())
                        .add(new io.amphora.prometheusapi.MetricMetadata(m.type(), m.unit(), m.help()));
            }
            return ApiResponses.metadata(byFamily);
        });
    }

    /**
     * {@code /api/v1/query_exemplars}: the query is validated as Prometheus validates it; exemplars are not stored
     * (the distributor drops and counts them), so a valid query finds none.
     */
    public ApiResponse exemplars(RequestParameters parameters) {
        return answer(() -> {
            ExemplarQueryRequest request = parser.exemplars(parameters);
            return request.selectors().isEmpty() ? ApiResponses.noContent() : ApiResponses.exemplars(List.of());
        });
    }

    /** {@code /api/v1/format_query}. */
    public ApiResponse formatQuery(RequestParameters parameters) {
        return answer(() -> ApiResponses.formattedQuery(parser.formatQuery(parameters)));
    }

    /** {@code /api/v1/parse_query}. */
    public ApiResponse parseQuery(RequestParameters parameters) {
        return answer(() -> ApiResponses.parsedQuery(parser.query(parameters)));
    }

    /** {@code /api/v1/status/buildinfo}. */
    public ApiResponse buildInfo() {
        return ApiResponses.buildInfo(buildInfo);
    }

    /** {@code /api/v1/status/flags}: the query settings in force, named as Prometheus's flags. */
    public ApiResponse flags() {
        return ApiResponses.flags(flags);
    }

    /**
     * {@code /api/v1/status/runtimeinfo}: Prometheus's fields with this JVM's nearest equivalents (live threads for
     * goroutines, available processors for GOMAXPROCS, the maximum heap for GOMEMLIMIT). The configuration is read
     * once at start, so it was loaded successfully then; retention is empty because the querier does not own it.
     */
    public ApiResponse runtimeInfo() {
        Runtime runtime = Runtime.getRuntime();
        return ApiResponses.runtimeInfo(new RuntimeInfo(startTime, System.getProperty("user.dir", ""), hostname,
                apiTime(clock.instant()), true, startTime, 0, Thread.activeCount(), runtime.availableProcessors(),
                runtime.maxMemory(), "", "", ""));
    }

    /** {@code /api/v1/status/config}: the part of a Prometheus configuration that applies to queries. */
    public ApiResponse config() {
        return ApiResponses.config(configYaml);
    }

    private static QueryOptions options(Duration lookbackDelta, Duration timeout, StatsParameter stats,
            BooleanSupplier cancelled) {
        if (timeout != null && !timeout.isPositive()) {
            throw new QueryException(io.amphora.promql.engine.QueryErrorType.TIMEOUT,
                    "query timed out in query execution");
        }
        return new QueryOptions(lookbackDelta, timeout, stats == StatsParameter.PER_STEP, cancelled);
    }

    private QueryTimings timings(long startedMillis) {
        Duration total = Duration.ofMillis(Math.max(0, clock.millis() - startedMillis));
        return new QueryTimings(total, Duration.ZERO, Duration.ZERO, total, Duration.ZERO, total);
    }

    private static List<List<Matcher>> setsOrAll(List<List<Matcher>> sets) {
        return sets.isEmpty() ? List.of(List.of()) : sets;
    }

    /** Prometheus cuts label and series lists to {@code limit} (0: none) and warns that it did. */
    private static <T> List<T> limit(List<T> items, long limit, List<String> warnings) {
        if (limit > 0 && items.size() > limit) {
            warnings.add(ApiResponses.RESULTS_TRUNCATED);
            return items.subList(0, (int) limit);
        }
        return items;
    }

    private interface Handler {
        ApiResponse handle();
    }

    private static ApiResponse answer(Handler handler) {
        try {
            return handler.handle();
        } catch (ApiException e) {
            return ApiResponses.error(e);
        } catch (QueryException e) {
            return ApiResponses.error(ApiException.fromQueryFailure(e));
        } catch (TooManyOutstandingQueriesException e) {
            return new TooManyRequests(ApiResponses.error(ApiErrorType.UNAVAILABLE, e.getMessage()));
        }
    }

    /** The error envelope with status 429, so clients and the gateway retry later. */
    private record TooManyRequests(ApiResponse body) implements ApiResponse {
        @Override
        public int httpStatus() {
            return 429;
        }

        @Override
        public void writeTo(java.io.OutputStream out) throws java.io.IOException {
            body.writeTo(out);
        }
    }
}
