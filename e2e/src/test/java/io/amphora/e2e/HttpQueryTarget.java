package io.amphora.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.amphora.e2e.RemoteWriteClient.Series;
import io.amphora.model.Labels;
import io.amphora.model.histogram.BucketBounds;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryStats;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import io.amphora.promql.promqltest.LoadSeries;
import io.amphora.promql.promqltest.QueryTarget;
import tools.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * A {@link QueryTarget} that is a running Amphora process seen only through its HTTP API: {@code load} sends the
 * samples through remote write, queries go to {@code /workspaces/<id>/api/v1/query[_range]} and their JSON is
 * decoded back into the engine's result types (annotations from {@code warnings} and {@code infos}, errors into a
 * {@link QueryException} of the envelope's {@code errorType}).
 *
 * <p>Each {@link #clear()} moves to a new workspace, so data of different tests never mixes. A load is sent in
 * requests of at most {@value #WINDOW_MS} ms of data each, oldest first, as a live sender would send it: the head
 * refuses a sample more than an hour older than the workspace's newest, so sending each whole series at once would
 * have the second series of a long load refused.
 *
 * <p>Native histograms go out as remote-write 1.0 float histograms and come back from the API's JSON as
 * {@link FloatHistogram}s ({@link #histogram(JsonNode)} says what the JSON cannot carry). Start timestamps fail the
 * load, as remote write 1.0 has none. Not thread-safe: one runner drives it.
 */
final class HttpQueryTarget implements QueryTarget {
    static final long WINDOW_MS = 30 * 60_000;
    /** The prefix Prometheus's API puts before the engine's text of a query that fails to parse. */
    private static final String QUERY_PARAMETER_PREFIX = "invalid parameter \"query\": ";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final QueryStats NO_STATS = new QueryStats(0, 0, new long[0], new long[0]);

    private final String baseUrl;
    private final String workspacePrefix;
    private int workspaceCount;
    private String workspace;

    /**
     * @param baseUrl {@code http://host:port} of the Amphora process
     * @param workspacePrefix the workspaces used are this prefix followed by 1, 2, ...
     */
    HttpQueryTarget(String baseUrl, String workspacePrefix) {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.workspacePrefix = requireNonNull(workspacePrefix, "workspacePrefix is null");
        clear();
    }

    /** Workspaces used so far. */
    int workspaceCount() {
        return workspaceCount;
    }

    @Override
    public void load(List<LoadSeries> series) {
        requireNonNull(series, "series is null");
        List<Series> toWrite = new ArrayList<>(series.size());
        for (LoadSeries one : series) {
            Map<String, String> labels = new LinkedHashMap<>();
            one.labels().forEach(labels::put);
            Series s = Series.of(labels);
            for (LoadSeries.Point point : one.points()) {
                if (point.startTimestamp() != 0) {
                    throw new UnsupportedOperationException("remote write 1.0 cannot carry start timestamps\n"
                            + one.labels() + " has one at " + point.timestamp() + "ms");
                }
                if (point.isHistogram()) {
                    s.add(point.timestamp(), point.histogram());
                } else {
                    s.add(point.timestamp(), point.value());
                }
            }
            toWrite.add(s);
        }
        String url = baseUrl + "/workspaces/" + workspace + "/api/v1/remote_write";
        for (List<Series> batch : RemoteWriteClient.byTimeWindow(toWrite, WINDOW_MS)) {
            try {
                RemoteWriteClient.send(url, RemoteWriteClient.request(batch, List.of()));
            } catch (RemoteWriteClient.RefusedException e) {
                throw new IllegalStateException("remote write refused the samples: HTTP " + e.status() + ": "
                        + e.body(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    @Override
    public void clear() {
        workspaceCount++;
        workspace = workspacePrefix + workspaceCount;
    }

    @Override
    public QueryResult instant(String query, long timeMillis) {
        HttpResponse<String> response = post("query", Map.of("query", query, "time", seconds(timeMillis)));
        return decode(response.statusCode(), response.body());
    }

    @Override
    public QueryResult range(String query, long startMillis, long endMillis, long stepMillis) {
        HttpResponse<String> response = post("query_range", Map.of("query", query, "start", seconds(startMillis),
                "end", seconds(endMillis), "step", seconds(stepMillis)));
        return decode(response.statusCode(), response.body());
    }

    /** Milliseconds as exact decimal seconds ({@code -1.5}, {@code 60}). */
    static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }

    private HttpResponse<String> post(String endpoint, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/workspaces/" + workspace + "/api/v1/"
                                    + endpoint))
                            .timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The answer as the engine would have returned it.
     *
     * @throws QueryException for an error envelope; the {@code invalid parameter "query": } prefix the API puts
     *     before parse errors is removed, leaving the engine's text
     * @throws IllegalStateException for an answer that is not the API's JSON
     */
    static QueryResult decode(int status, String responseBody) {
        JsonNode body;
        try {
            body = PrometheusJson.parse(responseBody);
        } catch (RuntimeException e) {
            throw new IllegalStateException("HTTP " + status + " without JSON: " + responseBody, e);
        }
        String outcome = body.path("status").stringValue("");
        if (outcome.equals("error")) {
            String type = body.path("errorType").stringValue("");
            String message = body.path("error").stringValue("");
            if (message.startsWith(QUERY_PARAMETER_PREFIX)) {
                message = message.substring(QUERY_PARAMETER_PREFIX.length());
            }
            throw new QueryException(errorType(type, responseBody), message);
        }
        if (!outcome.equals("success") || status != 200) {
            throw new IllegalStateException("HTTP " + status + ": " + responseBody);
        }
        return new QueryResult(value(body.get("data")), strings(body.get("warnings")), strings(body.get("infos")),
                NO_STATS);
    }

    private static QueryErrorType errorType(String apiName, String responseBody) {
        for (QueryErrorType type : QueryErrorType.values()) {
            if (type.apiName().equals(apiName)) {
                return type;
            }
        }
        throw new IllegalStateException("unknown errorType " + apiName + ": " + responseBody);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> out.add(node.stringValue()));
        }
        return out;
    }

    private static QueryValue value(JsonNode data) {
        String type = data.get("resultType").stringValue();
        JsonNode result = data.get("result");
        return switch (type) {
            case "scalar" -> new Scalar(millis(result.get(0)), number(result.get(1)));
            case "string" -> new StringValue(millis(result.get(0)), result.get(1).stringValue());
            case "vector" -> {
                List<Sample> samples = new ArrayList<>();
                for (JsonNode element : result) {
                    Labels labels = labels(element.get("metric"));
                    if (element.has("histogram")) {
                        JsonNode value = element.get("histogram");
                        samples.add(Sample.ofHistogram(labels, millis(value.get(0)), histogram(value.get(1))));
                    } else {
                        JsonNode value = element.get("value");
                        samples.add(Sample.ofFloat(labels, millis(value.get(0)), number(value.get(1))));
                    }
                }
                yield new Vector(samples);
            }
            case "matrix" -> {
                List<RangeSeries> series = new ArrayList<>();
                for (JsonNode element : result) {
                    JsonNode values = element.path("values");
                    long[] timestamps = new long[values.size()];
                    double[] floats = new double[values.size()];
                    for (int i = 0; i < values.size(); i++) {
                        timestamps[i] = millis(values.get(i).get(0));
                        floats[i] = number(values.get(i).get(1));
                    }
                    JsonNode histogramValues = element.path("histograms");
                    long[] histogramTimestamps = new long[histogramValues.size()];
                    FloatHistogram[] histograms = new FloatHistogram[histogramValues.size()];
                    for (int i = 0; i < histogramValues.size(); i++) {
                        histogramTimestamps[i] = millis(histogramValues.get(i).get(0));
                        histograms[i] = histogram(histogramValues.get(i).get(1));
                    }
                    series.add(new RangeSeries(labels(element.get("metric")), timestamps, floats,
                            histogramTimestamps, histograms));
                }
                yield new Matrix(series);
            }
            default -> throw new IllegalStateException("unknown resultType " + type + ": " + data);
        };
    }

    /**
     * The histogram of the API's {@code {"count","sum","buckets":[[rule,lower,upper,count],...]}}, rebuilt as far as
     * the JSON allows. It carries bounds, not the layout, so: custom buckets ({@code schema} -53) are recognised by
     * an infinite bound or bounds no exponential schema has, and their bounds are those of the listed buckets (a
     * bound between two empty buckets is lost); an exponential schema is the one whose bucket bounds the listed
     * buckets have (with no bucket to tell: 0, the notation's default); the zero threshold is the zero bucket's
     * upper bound or the bound a bucket was clipped to (else 0, the notation's default); the counter reset hint is
     * {@link CounterResetHint#UNKNOWN}. Buckets with a count of zero are not listed and stay out.
     *
     * @throws IllegalStateException for buckets that fit no layout
     */
    static FloatHistogram histogram(JsonNode json) {
        double count = number(json.get("count"));
        double sum = number(json.get("sum"));
        List<double[]> buckets = new ArrayList<>();
        for (JsonNode bucket : json.path("buckets")) {
            buckets.add(new double[] {number(bucket.get(1)), number(bucket.get(2)), number(bucket.get(3))});
        }
        return HistogramLayout.of(buckets).histogram(count, sum, buckets, json);
    }

    /** The layout a JSON histogram's buckets fit: custom bounds, or an exponential schema and a zero threshold. */
    private record HistogramLayout(int schema, double zeroThreshold, double[] customValues) {
        private static final int MIN_SCHEMA = -4;
        private static final int MAX_SCHEMA = 8;

        static HistogramLayout of(List<double[]> buckets) {
            double zeroThreshold = 0;
            boolean zeroBucket = false;
            TreeSet<Double> bounds = new TreeSet<>();
            boolean custom = false;
            for (double[] bucket : buckets) {
                double lower = bucket[0];
                double upper = bucket[1];
                if (Double.isInfinite(lower) || Double.isInfinite(upper)) {
                    custom = true;
                } else if (lower < 0 && upper > 0 && lower == -upper) {
                    zeroBucket = true;
                    zeroThreshold = upper;
                } else if (lower < 0 && upper > 0) {
                    custom = true;
                } else if (lower == 0 && upper == 0) {
                    zeroBucket = true;
                }
                bounds.add(lower);
                bounds.add(upper);
            }
            if (!custom) {
                HistogramLayout exponential = exponential(buckets, zeroBucket, zeroThreshold);
                if (exponential != null) {
                    return exponential;
                }
            }
            double[] customValues = bounds.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue)
                    .toArray();
            return new HistogramLayout(FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, customValues);
        }

        /**
         * The exponential schema all non-zero buckets fit, preferring the one that needs the fewest buckets clipped
         * to the zero threshold (then schema 0, then the coarsest); null when none fits.
         */
        private static HistogramLayout exponential(List<double[]> buckets, boolean zeroBucket, double zeroThreshold) {
            HistogramLayout best = null;
            int bestClipped = Integer.MAX_VALUE;
            for (int schema : schemasInPreferenceOrder()) {
                double threshold = zeroBucket ? zeroThreshold : Double.NaN;
                int clipped = 0;
                boolean fits = true;
                for (double[] bucket : buckets) {
                    if (isZeroBucket(bucket)) {
                        continue;
                    }
                    boolean negative = bucket[1] <= 0;
                    double outer = negative ? -bucket[0] : bucket[1];
                    double inner = negative ? -bucket[1] : bucket[0];
                    Integer index = exponentialIndex(outer, schema);
                    if (index == null) {
                        fits = false;
                        break;
                    }
                    double innerBound = BucketBounds.exponentialUpperBound(index - 1, schema);
                    if (inner == innerBound) {
                        continue;
                    }
                    // Clipped: the bucket reaches into the zero bucket, its inner bound is the threshold.
                    if (inner > innerBound && (Double.isNaN(threshold) || inner == threshold)) {
                        threshold = inner;
                        clipped++;
                    } else {
                        fits = false;
                        break;
                    }
                }
                if (fits && clipped < bestClipped) {
                    best = new HistogramLayout(schema, Double.isNaN(threshold) ? 0 : threshold, new double[0]);
                    bestClipped = clipped;
                }
            }
            return best;
        }

        private static List<Integer> schemasInPreferenceOrder() {
            List<Integer> schemas = new ArrayList<>();
            schemas.add(0);
            for (int schema = MIN_SCHEMA; schema <= MAX_SCHEMA; schema++) {
                if (schema != 0) {
                    schemas.add(schema);
                }
            }
            return schemas;
        }

        private static boolean isZeroBucket(double[] bucket) {
            return bucket[0] <= 0 && bucket[1] >= 0 && bucket[0] == -bucket[1];
        }

        /** The index whose upper bound in {@code schema} is exactly {@code bound}, or null. */
        private static Integer exponentialIndex(double bound, int schema) {
            if (!(bound > 0) || Double.isInfinite(bound)) {
                return null;
            }
            double estimate = Math.log(bound) / Math.log(2) * Math.pow(2, schema);
            if (Math.abs(estimate) > 1e7) {
                return null;
            }
            long center = Math.round(estimate);
            for (long candidate = center - 1; candidate <= center + 1; candidate++) {
                if (BucketBounds.exponentialUpperBound((int) candidate, schema) == bound) {
                    return (int) candidate;
                }
            }
            return null;
        }

        FloatHistogram histogram(double count, double sum, List<double[]> buckets, JsonNode json) {
            TreeMap<Integer, Double> positive = new TreeMap<>();
            TreeMap<Integer, Double> negative = new TreeMap<>();
            double zeroCount = 0;
            boolean custom = schema == FloatHistogram.CUSTOM_BUCKETS_SCHEMA;
            for (double[] bucket : buckets) {
                if (custom) {
                    positive.merge(customIndex(bucket[1], json), bucket[2], Double::sum);
                } else if (isZeroBucket(bucket)) {
                    zeroCount += bucket[2];
                } else if (bucket[1] <= 0) {
                    negative.merge(exponentialIndex(-bucket[0], schema), bucket[2], Double::sum);
                } else {
                    positive.merge(exponentialIndex(bucket[1], schema), bucket[2], Double::sum);
                }
            }
            Side p = Side.of(positive);
            Side n = Side.of(negative);
            return new FloatHistogram(CounterResetHint.UNKNOWN, schema, zeroThreshold, zeroCount, count, sum,
                    p.spans(), p.counts(), n.spans(), n.counts(), customValues);
        }

        private int customIndex(double upper, JsonNode json) {
            if (upper == Double.POSITIVE_INFINITY) {
                return customValues.length;
            }
            int index = Arrays.binarySearch(customValues, upper);
            if (index < 0) {
                throw new IllegalStateException("custom bucket bound " + upper + " not among " 
                        + Arrays.toString(customValues) + ": " + json);
            }
            return index;
        }
    }

    /** One side's buckets as one span from the lowest to the highest listed index, the gaps as zero counts. */
    private record Side(Span[] spans, double[] counts) {
        static Side of(TreeMap<Integer, Double> byIndex) {
            if (byIndex.isEmpty()) {
                return new Side(new Span[0], new double[0]);
            }
            int first = byIndex.firstKey();
            double[] counts = new double[byIndex.lastKey() - first + 1];
            byIndex.forEach((index, value) -> counts[index - first] = value);
            return new Side(new Span[] {new Span(first, counts.length)}, counts);
        }
    }

    private static Labels labels(JsonNode metric) {
        Map<String, String> labels = new TreeMap<>();
        metric.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().stringValue()));
        return Labels.fromMap(labels);
    }

    /** JSON seconds (a number with up to three fraction digits) to exact milliseconds. */
    private static long millis(JsonNode seconds) {
        return seconds.decimalValue().movePointRight(3).longValueExact();
    }

    private static double number(JsonNode value) {
        String text = value.stringValue();
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
