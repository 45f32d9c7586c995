package io.amphora.bench.promql;

import io.amphora.model.Labels;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What Prometheus's {@code /api/v1/query_range} answered with {@code stats=all}, read as a stream so that a result
 * of millions of points never has to be held as a tree: the engine's own timings, its sample counts and the size of
 * the result. The points themselves go to a {@link SeriesVisitor} as each series is read.
 *
 * <p>Prometheus 2.42 answers
 * {@code {"status":"success","data":{"resultType":"matrix","result":[{"metric":{..},"values":[[<seconds>,"<value>"],..]},..],
 * "stats":{"timings":{..},"samples":{..}}},"warnings":[..]}}, or {@code {"status":"error","errorType":..,"error":..}}.
 * Values are strings in Go's shortest round-trip form ({@code "NaN"}, {@code "+Inf"} and {@code "-Inf"} included), so
 * they parse back to the exact doubles Prometheus computed.
 *
 * @param timings the engine's timings
 * @param totalQueryableSamples {@code stats.samples.totalQueryableSamples}: samples the query read
 * @param peakSamples {@code stats.samples.peakSamples}: the most samples it held at once
 * @param seriesCount series in the result
 * @param pointCount float points in the result, all series together
 * @param warnings the response's warnings
 */
public record PrometheusRangeResponse(
        PrometheusTimings timings,
        long totalQueryableSamples,
        long peakSamples,
        int seriesCount,
        long pointCount,
        List<String> warnings) {
    private static final JsonFactory JSON = new JsonFactory();

    public PrometheusRangeResponse {
        requireNonNull(timings, "timings is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    /** Receives each series of a matrix result. The arrays are new for each call and may be kept. */
    @FunctionalInterface
    public interface SeriesVisitor {
        SeriesVisitor NONE = (labels, timestamps, values) -> { };

        void series(Labels labels, long[] timestampsMillis, double[] values);
    }

    /**
     * The timings of {@code stats.timings}, in seconds, as Prometheus 2.42's engine measures them:
     * {@code execTotalTime} covers the whole execution (waiting for a query slot, preparing the storage selects,
     * evaluating, sorting the result) but not parsing the query or encoding the response; {@code evalTotalTime}
     * is the same without the wait for a slot.
     */
    public record PrometheusTimings(
            double evalTotalTime,
            double resultSortTime,
            double queryPreparationTime,
            double innerEvalTime,
            double execQueueTime,
            double execTotalTime) {
        /** The timings of an answer without {@code stats}: every one NaN. */
        public static final PrometheusTimings ABSENT = new PrometheusTimings(Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /** Prometheus answered {@code "status":"error"}. */
    public static final class PrometheusQueryException extends IOException {
        private final String errorType;

        public PrometheusQueryException(String errorType, String message) {
            super(errorType + ": " + message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }

    /**
     * Reads a whole response from {@code json}, handing each result series to {@code visitor}.
     *
     * @throws PrometheusQueryException when Prometheus answered an error
     * @throws IOException when the response is not a range-query answer of this shape, or has no
     *     {@code stats.timings} (the query was not sent with {@code stats=all})
     */
    public static PrometheusRangeResponse parse(InputStream json, SeriesVisitor visitor) throws IOException {
        return parse(json, visitor, true);
    }

    /**
     * As {@link #parse(InputStream, SeriesVisitor)}, for an answer to a query that may have been sent without
     * {@code stats} (as Grafana sends them) when {@code statsRequired} is false: then a missing
     * {@code stats.timings} reads as {@link PrometheusTimings#ABSENT} and the sample counts as -1.
     */
    public static PrometheusRangeResponse parse(InputStream json, SeriesVisitor visitor, boolean statsRequired)
            throws IOException {
        requireNonNull(json, "json is null");
        requireNonNull(visitor, "visitor is null");
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            return new Reader(parser, visitor, statsRequired).read();
        } catch (JacksonException e) {
            throw new IOException("malformed Prometheus response: " + e.getOriginalMessage(), e);
        }
    }

    private static final class Reader {
        private final JsonParser parser;
        private final SeriesVisitor visitor;
        private final boolean statsRequired;
        private String status;
        private String errorType;
        private String error;
        private String resultType;
        private PrometheusTimings timings;
        private long totalQueryableSamples = -1;
        private long peakSamples = -1;
        private int seriesCount;
        private long pointCount;
        private final List<String> warnings = new ArrayList<>();

        Reader(JsonParser parser, SeriesVisitor visitor, boolean statsRequired) {
            this.parser = parser;
            this.visitor = visitor;
            this.statsRequired = statsRequired;
        }

        PrometheusRangeResponse read() throws IOException {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the response");
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "status" -> status = string(value, "status");
                    case "errorType" -> errorType = string(value, "errorType");
                    case "error" -> error = string(value, "error");
                    case "data" -> readData(value);
                    case "warnings" -> readStrings(value, warnings, "warnings");
                    default -> parser.skipChildren();
                }
            }
            if ("error".equals(status)) {
                throw new PrometheusQueryException(errorType == null ? "unknown" : errorType,
                        error == null ? "(no message)" : error);
            }
            if (!"success".equals(status)) {
                throw new IOException("response status is " + status + ", not success");
            }
            if (!"matrix".equals(resultType)) {
                throw new IOException("resultType is " + resultType + ", not matrix: not a range query answer");
            }
            if (timings == null) {
                if (statsRequired) {
                    throw new IOException("response has no stats.timings: was the query sent with stats=all?");
                }
                timings = PrometheusTimings.ABSENT;
            }
            return new PrometheusRangeResponse(timings, totalQueryableSamples, peakSamples, seriesCount, pointCount,
                    warnings);
        }

        private void readData(JsonToken token) throws IOException {
            expect(token, JsonToken.START_OBJECT, "data");
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "resultType" -> resultType = string(value, "data.resultType");
                    case "result" -> readResult(value);
                    case "stats" -> readStats(value);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readResult(JsonToken token) throws IOException {
            expect(token, JsonToken.START_ARRAY, "data.result");
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                expect(parser.currentToken(), JsonToken.START_OBJECT, "a result series");
                readSeries();
            }
        }

        private void readSeries() throws IOException {
            Labels labels = Labels.empty();
            long[] timestamps = new long[0];
            double[] values = new double[0];
            int size = 0;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "metric" -> labels = readLabels(value);
                    case "values" -> {
                        expect(value, JsonToken.START_ARRAY, "values");
                        timestamps = new long[64];
                        values = new double[64];
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            expect(parser.currentToken(), JsonToken.START_ARRAY, "a point");
                            if (size == timestamps.length) {
                                timestamps = Arrays.copyOf(timestamps, size * 2);
                                values = Arrays.copyOf(values, size * 2);
                            }
                            JsonToken t = parser.nextToken();
                            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                                throw new IOException("a point's timestamp is " + t + ", not a number");
                            }
                            timestamps[size] = Math.round(parser.getDoubleValue() * 1000);
                            values[size] = parseValue(string(parser.nextToken(), "a point's value"));
                            size++;
                            expect(parser.nextToken(), JsonToken.END_ARRAY, "the end of a point");
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            seriesCount++;
            pointCount += size;
            visitor.series(labels, Arrays.copyOf(timestamps, size), Arrays.copyOf(values, size));
        }

        private Labels readLabels(JsonToken token) throws IOException {
            expect(token, JsonToken.START_OBJECT, "metric");
            Labels.Builder builder = Labels.builder();
            String name;
            while ((name = parser.nextName()) != null) {
                builder.add(name, string(parser.nextToken(), "a label value"));
            }
            return builder.build();
        }

        private void readStats(JsonToken token) throws IOException {
            expect(token, JsonToken.START_OBJECT, "data.stats");
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "timings" -> readTimings(value);
                    case "samples" -> readSamples(value);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readTimings(JsonToken token) throws IOException {
            expect(token, JsonToken.START_OBJECT, "stats.timings");
            double eval = Double.NaN;
            double sort = Double.NaN;
            double preparation = Double.NaN;
            double inner = Double.NaN;
            double queue = Double.NaN;
            double exec = Double.NaN;
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "evalTotalTime" -> eval = number(value, name);
                    case "resultSortTime" -> sort = number(value, name);
                    case "queryPreparationTime" -> preparation = number(value, name);
                    case "innerEvalTime" -> inner = number(value, name);
                    case "execQueueTime" -> queue = number(value, name);
                    case "execTotalTime" -> exec = number(value, name);
                    default -> parser.skipChildren();
                }
            }
            if (Double.isNaN(exec) || Double.isNaN(eval)) {
                throw new IOException("stats.timings lacks execTotalTime or evalTotalTime");
            }
            timings = new PrometheusTimings(eval, sort, preparation, inner, queue, exec);
        }

        private void readSamples(JsonToken token) throws IOException {
            expect(token, JsonToken.START_OBJECT, "stats.samples");
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "totalQueryableSamples" -> totalQueryableSamples = (long) number(value, name);
                    case "peakSamples" -> peakSamples = (long) number(value, name);
                    default -> parser.skipChildren();
                }
            }
        }

        private void readStrings(JsonToken token, List<String> into, String what) throws IOException {
            expect(token, JsonToken.START_ARRAY, what);
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                into.add(string(parser.currentToken(), what));
            }
        }

        private String string(JsonToken token, String what) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                throw new IOException(what + " is " + token + ", not a string");
            }
            return parser.getString();
        }

        private double number(JsonToken token, String what) throws IOException {
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IOException(what + " is " + token + ", not a number");
            }
            return parser.getDoubleValue();
        }

        private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
            if (actual != expected) {
                throw new IOException(what + " starts with " + actual + ", not " + expected);
            }
        }
    }

    /** A sample value as Prometheus writes it: Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, or NaN/±Inf. */
    static double parseValue(String text) throws IOException {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IOException("sample value '" + text + "' is not a number", e);
                }
            }
        };
    }
}
