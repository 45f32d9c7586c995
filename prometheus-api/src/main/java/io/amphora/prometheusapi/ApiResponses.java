package io.amphora.prometheusapi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.amphora.model.Labels;
import io.amphora.prometheusapi.json.AstJson;
import io.amphora.prometheusapi.json.JsonOutput;
import io.amphora.prometheusapi.json.ValueJson;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryStats;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.Vector;

import static java.util.Objects.requireNonNull;

/**
 * The responses of Prometheus HTTP API v1 endpoints, written as Prometheus 3 writes them: the envelope
 * {@code {"status":"success","data":...}} with {@code warnings} and {@code infos} arrays only when not empty (at
 * most 10 of each, then a {@code "N more warning annotations omitted"} line), and the error envelope
 * {@code {"status":"error","errorType":"bad_data","error":"..."}} with the HTTP status of its type.
 */
public final class ApiResponses {
    /** Prometheus's cap on the warnings, and separately on the infos, of one response. */
    public static final int MAX_ANNOTATIONS = 10;
    /** The warning Prometheus adds when {@code limit} cut a result short. */
    public static final String RESULTS_TRUNCATED = "results truncated due to limit";

    private ApiResponses() {}

    /**
     * The answer to {@code /api/v1/query} or {@code /api/v1/query_range}: the result cut to {@code limit} series
     * (0: no limit; with a warning when it cut), and a {@code stats} object when the request asked for one.
     *
     * @param timings the phases' durations as measured by the caller; {@link QueryTimings#NONE} if not measured
     * @param requestWarnings the request's own warnings ({@link InstantQueryRequest#warnings()})
     */
    public static ApiResponse query(
            QueryResult result, long limit, StatsParameter stats, QueryTimings timings, List<String> requestWarnings) {
        requireNonNull(result, "result is null");
        requireNonNull(stats, "stats is null");
        requireNonNull(timings, "timings is null");
        requireNonNull(requestWarnings, "requestWarnings is null");
        QueryValue value = result.value();
        List<String> warnings = new ArrayList<>(result.warnings());
        QueryValue truncated = truncate(value, limit);
        if (truncated != value) {
            warnings.add(RESULTS_TRUNCATED);
        }
        warnings.addAll(requestWarnings);
        QueryStats queryStats = result.stats();
        return success(out -> {
            out.raw("{\"resultType\":\"").raw(ValueJson.resultType(truncated)).raw("\",\"result\":");
            ValueJson.writeResult(out, truncated);
            if (stats.included()) {
                out.raw(",\"stats\":");
                writeStats(out, queryStats, timings);
            }
            out.raw('}');
        }, warnings, result.infos());
    }

    /**
     * The first {@code limit} series of a vector or matrix, or {@code value} itself (the same object) when it has no
     * more or {@code limit} is 0; scalars and strings are never cut.
     */
    public static QueryValue truncate(QueryValue value, long limit) {
        if (limit <= 0) {
            return value;
        }
        return switch (value) {
            case Vector v when v.samples().size() > limit -> new Vector(v.samples().subList(0, (int) limit));
            case Matrix m when m.series().size() > limit -> new Matrix(m.series().subList(0, (int) limit));
            default -> value;
        };
    }

    /** {@code /api/v1/labels}: the names in the given order. */
    public static ApiResponse labelNames(List<String> names, List<String> warnings) {
        return stringList(names, warnings);
    }

    /** {@code /api/v1/label/<name>/values}: the values in the given order. */
    public static ApiResponse labelValues(List<String> values, List<String> warnings) {
        return stringList(values, warnings);
    }

    private static ApiResponse stringList(List<String> strings, List<String> warnings) {
        List<String> copy = List.copyOf(requireNonNull(strings, "strings is null"));
        return success(out -> {
            out.raw('[');
            for (int i = 0; i < copy.size(); i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.htmlString(copy.get(i));
            }
            out.raw(']');
        }, warnings, List.of());
    }

    /**
     * {@code /api/v1/series}: the label sets as objects. The iterable is walked once, while the body is written, so
     * series can stream from storage.
     */
    public static ApiResponse series(Iterable<Labels> series, List<String> warnings) {
        List<String> copy = List.copyOf(requireNonNull(warnings, "warnings is null"));
        return series(series, () -> copy);
    }

    /**
     * {@link #series(Iterable, List)} for warnings that are only known once the series have been read (a storage
     * that reports partial results, a limit that cut the list): the envelope puts warnings after the data, so they
     * are asked for after the last series is written.
     */
    public static ApiResponse series(Iterable<Labels> series, Supplier<List<String>> warningsAfterSeries) {
        requireNonNull(series, "series is null");
        requireNonNull(warningsAfterSeries, "warningsAfterSeries is null");
        return success(out -> {
            out.raw('[');
            boolean first = true;
            for (Labels labels : series) {
                if (!first) {
                    out.raw(',');
                }
                first = false;
                ValueJson.writeLabels(out, labels);
            }
            out.raw(']');
        }, warningsAfterSeries, List::of);
    }

    /**
     * {@code /api/v1/metadata}: families in name order (as Go's sorted map keys), each with its entries in the
     * given order.
     */
    public static ApiResponse metadata(Map<String, List<MetricMetadata>> metadata) {
        List<Map.Entry<String, List<MetricMetadata>>> entries = sortedEntries(metadata);
        return success(out -> {
            out.raw('{');
            boolean first = true;
            for (Map.Entry<String, List<MetricMetadata>> entry : entries) {
                if (!first) {
                    out.raw(',');
                }
                first = false;
                out.htmlString(entry.getKey()).raw(":[");
                List<MetricMetadata> list = entry.getValue();
                for (int i = 0; i < list.size(); i++) {
                    MetricMetadata m = list.get(i);
                    if (i > 0) {
                        out.raw(',');
                    }
                    out.raw("{\"type\":").htmlString(m.type()).raw(",\"unit\":").htmlString(m.unit())
                            .raw(",\"help\":").htmlString(m.help()).raw('}');
                }
                out.raw(']');
            }
            out.raw('}');
        }, List.of(), List.of());
    }

    /**
     * {@code /api/v1/query_exemplars}; for a request without selectors use {@link #noContent()} as Prometheus
     * does.
     */
    public static ApiResponse exemplars(List<ExemplarSeries> results) {
        List<ExemplarSeries> copy = List.copyOf(requireNonNull(results, "results is null"));
        return success(out -> {
            out.raw('[');
            for (int i = 0; i < copy.size(); i++) {
                ExemplarSeries series = copy.get(i);
                if (i > 0) {
                    out.raw(',');
                }
                out.raw("{\"seriesLabels\":");
                ValueJson.writeLabels(out, series.seriesLabels());
                out.raw(",\"exemplars\":[");
                List<Exemplar> exemplars = series.exemplars();
                for (int j = 0; j < exemplars.size(); j++) {
                    Exemplar e = exemplars.get(j);
                    if (j > 0) {
                        out.raw(',');
                    }
                    out.raw("{\"labels\":");
                    ValueJson.writeLabels(out, e.labels());
                    out.raw(",\"value\":").sampleValue(e.value()).raw(",\"timestamp\":").timestamp(e.timestampMillis())
                            .raw('}');
                }
                out.raw("]}");
            }
            out.raw(']');
        }, List.of(), List.of());
    }

    /** {@code /api/v1/format_query}: the formatted query as a string. */
    public static ApiResponse formattedQuery(String formatted) {
        requireNonNull(formatted, "formatted is null");
        return success(out -> out.htmlString(formatted), List.of(), List.of());
    }

    /** {@code /api/v1/parse_query}: the syntax tree in the shape of Prometheus's web UI tree view. */
    public static ApiResponse parsedQuery(Expr expr) {
        requireNonNull(expr, "expr is null");
        try {
            AstJson.checkWritable(expr);
        } catch (IllegalArgumentException e) {
            // Prometheus fails to marshal such a tree and answers 500 with the marshalling error.
            return error(ApiErrorType.INTERNAL, e.getMessage());
        }
        return success(out -> AstJson.write(out, expr), List.of(), List.of());
    }

    /** {@code /api/v1/status/buildinfo}. */
    public static ApiResponse buildInfo(BuildInfo info) {
        requireNonNull(info, "info is null");
        return success(out -> out.raw("{\"version\":").htmlString(info.version())
                .raw(",\"revision\":").htmlString(info.revision())
                .raw(",\"branch\":").htmlString(info.branch())
                .raw(",\"buildUser\":").htmlString(info.buildUser())
                .raw(",\"buildDate\":").htmlString(info.buildDate())
                .raw(",\"goVersion\":").htmlString(info.goVersion())
                .raw('}'), List.of(), List.of());
    }

    /** {@code /api/v1/status/runtimeinfo}; times as Go writes a UTC {@code time.Time}. */
    public static ApiResponse runtimeInfo(RuntimeInfo info) {
        requireNonNull(info, "info is null");
        return success(out -> out.raw("{\"startTime\":").raw('"').raw(info.startTime().toString()).raw('"')
                .raw(",\"CWD\":").htmlString(info.cwd())
                .raw(",\"hostname\":").htmlString(info.hostname())
                .raw(",\"serverTime\":").raw('"').raw(info.serverTime().toString()).raw('"')
                .raw(",\"reloadConfigSuccess\":").bool(info.reloadConfigSuccess())
                .raw(",\"lastConfigTime\":").raw('"').raw(info.lastConfigTime().toString()).raw('"')
                .raw(",\"corruptionCount\":").longValue(info.corruptionCount())
                .raw(",\"goroutineCount\":").longValue(info.goroutineCount())
                .raw(",\"GOMAXPROCS\":").longValue(info.gomaxprocs())
                .raw(",\"GOMEMLIMIT\":").longValue(info.gomemlimit())
                .raw(",\"GOGC\":").htmlString(info.gogc())
                .raw(",\"GODEBUG\":").htmlString(info.godebug())
                .raw(",\"storageRetention\":").htmlString(info.storageRetention())
                .raw('}'), List.of(), List.of());
    }

    /** {@code /api/v1/status/config}: {@code {"yaml":"..."}}. */
    public static ApiResponse config(String yaml) {
        requireNonNull(yaml, "yaml is null");
        return success(out -> out.raw("{\"yaml\":").htmlString(yaml).raw('}'), List.of(), List.of());
    }

    /** {@code /api/v1/status/flags}: the flags as an object with sorted names. */
    public static ApiResponse flags(Map<String, String> flags) {
        List<Map.Entry<String, String>> entries = sortedEntries(flags);
        return success(out -> {
            out.raw('{');
            boolean first = true;
            for (Map.Entry<String, String> entry : entries) {
                if (!first) {
                    out.raw(',');
                }
                first = false;
                out.htmlString(entry.getKey()).raw(':').htmlString(entry.getValue());
            }
            out.raw('}');
        }, List.of(), List.of());
    }

    /** Prometheus's answer to a request its handler answered with no data: 204 and no body. */
    public static ApiResponse noContent() {
        return new ApiResponse() {
            @Override
            public int httpStatus() {
                return 204;
            }

            @Override
            public void writeTo(OutputStream out) {
            }
        };
    }

    /** The error envelope for {@code error}, with its type's HTTP status. */
    public static ApiResponse error(ApiException error) {
        requireNonNull(error, "error is null");
        return error(error.type(), error.getMessage());
    }

    public static ApiResponse error(ApiErrorType type, String message) {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
        return new Body(type.httpStatus(), out -> out.raw("{\"status\":\"error\",\"errorType\":")
                .htmlString(type.apiName()).raw(",\"error\":").htmlString(message).raw('}'));
    }

    /**
     * A success envelope around {@code data}, which writes one JSON value; for endpoints this class has no
     * dedicated method for.
     */
    public static ApiResponse success(Consumer<JsonOutput> data, List<String> warnings, List<String> infos) {
        List<String> warningsCopy = List.copyOf(requireNonNull(warnings, "warnings is null"));
        List<String> infosCopy = List.copyOf(requireNonNull(infos, "infos is null"));
        return success(data, () -> warningsCopy, () -> infosCopy);
    }

    private static ApiResponse success(
            Consumer<JsonOutput> data, Supplier<List<String>> warnings, Supplier<List<String>> infos) {
        requireNonNull(data, "data is null");
        return new Body(200, out -> {
            out.raw("{\"status\":\"success\",\"data\":");
            data.accept(out);
            writeStrings(out, "warnings", capped(requireNonNull(warnings.get(), "warnings is null"), "warning"));
            writeStrings(out, "infos", capped(requireNonNull(infos.get(), "infos is null"), "info"));
            out.raw('}');
        });
    }

    private static void writeStrings(JsonOutput out, String field, List<String> strings) {
        if (strings.isEmpty()) {
            return;
        }
        out.raw(",\"").raw(field).raw("\":[");
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                out.raw(',');
            }
            out.htmlString(strings.get(i));
        }
        out.raw(']');
    }

    /** Prometheus's {@code AsStrings(query, 10, 10)}: the first ten, then how many more were left out. */
    private static List<String> capped(List<String> annotations, String kind) {
        if (annotations.size() <= MAX_ANNOTATIONS) {
            return List.copyOf(annotations);
        }
        List<String> shown = new ArrayList<>(annotations.subList(0, MAX_ANNOTATIONS));
        shown.add((annotations.size() - MAX_ANNOTATIONS) + " more " + kind + " annotations omitted");
        return List.copyOf(shown);
    }

    /**
     * {@code {"timings":{...},"samples":{...}}}: timings in seconds (json-iterator number format), then the sample
     * counts, per-step counts first and only when the engine collected them.
     */
    private static void writeStats(JsonOutput out, QueryStats stats, QueryTimings timings) {
        out.raw("{\"timings\":{\"evalTotalTime\":").jsoniterNumber(QueryTimings.seconds(timings.evalTotal()))
                .raw(",\"resultSortTime\":").jsoniterNumber(QueryTimings.seconds(timings.resultSort()))
                .raw(",\"queryPreparationTime\":").jsoniterNumber(QueryTimings.seconds(timings.queryPreparation()))
                .raw(",\"innerEvalTime\":").jsoniterNumber(QueryTimings.seconds(timings.innerEval()))
                .raw(",\"execQueueTime\":").jsoniterNumber(QueryTimings.seconds(timings.execQueue()))
                .raw(",\"execTotalTime\":").jsoniterNumber(QueryTimings.seconds(timings.execTotal()))
                .raw("},\"samples\":{");
        long[] steps = stats.stepTimestamps();
        long[] perStep = stats.totalSamplesPerStep();
        if (steps.length > 0) {
            out.raw("\"totalQueryableSamplesPerStep\":[");
            for (int i = 0; i < steps.length; i++) {
                if (i > 0) {
                    out.raw(',');
                }
                out.raw('[').goJsonNumber(steps[i] / 1000.0).raw(',').longValue(perStep[i]).raw(']');
            }
            out.raw("],");
        }
        out.raw("\"totalQueryableSamples\":").longValue(stats.totalSamples())
                .raw(",\"peakSamples\":").longValue(stats.peakSamples())
                .raw("}}");
    }

    private static <V> List<Map.Entry<String, V>> sortedEntries(Map<String, V> map) {
        requireNonNull(map, "map is null");
        List<Map.Entry<String, V>> entries = new ArrayList<>(map.size());
        map.forEach((key, value) -> entries.add(Map.entry(requireNonNull(key, "key is null"),
                requireNonNull(value, "value of " + key + " is null"))));
        // Go sorts map keys as byte strings, which for UTF-8 is code point order.
        entries.sort((a, b) -> Labels.compareStrings(a.getKey(), b.getKey()));
        return entries;
    }

    /** A response whose body is written by {@code body} into a fresh {@link JsonOutput}. */
    private record Body(int httpStatus, Consumer<JsonOutput> body) implements ApiResponse {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            JsonOutput json = new JsonOutput(out);
            try {
                body.accept(json);
                json.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
