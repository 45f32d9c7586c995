package io.amphora.prometheusapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.amphora.model.Labels;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.QueryStats;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.Vector;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiResponsesTest {
    private static final QueryStats NO_STATS = new QueryStats(0, 0, new long[0], new long[0]);

    @Test
    void wrapsAQueryResultInTheSuccessEnvelope() {
        // Prometheus's own JSON codec test case for a vector, byte for byte.
        Vector vector = new Vector(List.of(Sample.ofFloat(Labels.of("__name__", "foo"), 1000, 1),
                Sample.ofFloat(Labels.of("__name__", "bar"), 2000, 2)));
        assertThat(body(ApiResponses.query(result(vector), 0, StatsParameter.NONE, QueryTimings.NONE, List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"__name__\":\"foo\"},\"value\":[1,\"1\"]},"
                        + "{\"metric\":{\"__name__\":\"bar\"},\"value\":[2,\"2\"]}]}}");
    }

    @Test
    void addsWarningsAndInfosOnlyWhenThereAreAny() {
        QueryResult result = new QueryResult(new Scalar(1000, 2), List.of("PromQL warning: a (1:1)"),
                List.of("PromQL info: b <c> (1:3)"), NO_STATS);
        assertThat(body(ApiResponses.query(result, 0, StatsParameter.NONE, QueryTimings.NONE, List.of("d"))))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]},"
                        + "\"warnings\":[\"PromQL warning: a (1:1)\",\"d\"],"
                        + "\"infos\":[\"PromQL info: b \\u003cc\\u003e (1:3)\"]}");
    }

    @Test
    void showsTenAnnotationsOfEachKindAndCountsTheRest() {
        List<String> warnings = IntStream.range(0, 12).mapToObj(i -> "w" + i).toList();
        List<String> infos = IntStream.range(0, 11).mapToObj(i -> "i" + i).toList();
        String body = body(ApiResponses.query(new QueryResult(new Scalar(0, 0), warnings, infos, NO_STATS), 0,
                StatsParameter.NONE, QueryTimings.NONE, List.of()));
        assertThat(body).endsWith("\"warnings\":[\"w0\",\"w1\",\"w2\",\"w3\",\"w4\",\"w5\",\"w6\",\"w7\",\"w8\",\"w9\","
                + "\"2 more warning annotations omitted\"],\"infos\":[\"i0\",\"i1\",\"i2\",\"i3\",\"i4\",\"i5\",\"i6\","
                + "\"i7\",\"i8\",\"i9\",\"1 more info annotations omitted\"]}");
    }

    @Test
    void truncatesVectorsAndMatricesToTheLimitWithAWarning() {
        Vector vector = new Vector(List.of(Sample.ofFloat(Labels.of("a", "1"), 0, 1),
                Sample.ofFloat(Labels.of("a", "2"), 0, 2), Sample.ofFloat(Labels.of("a", "3"), 0, 3)));
        assertThat(body(ApiResponses.query(result(vector), 2, StatsParameter.NONE, QueryTimings.NONE, List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                        + "{\"metric\":{\"a\":\"1\"},\"value\":[0,\"1\"]},{\"metric\":{\"a\":\"2\"},\"value\":[0,\"2\"]}]},"
                        + "\"warnings\":[\"results truncated due to limit\"]}");
        assertThat(body(ApiResponses.query(result(vector), 3, StatsParameter.NONE, QueryTimings.NONE, List.of())))
                .doesNotContain("warnings");

        Matrix matrix = new Matrix(List.of(series("a", "1"), series("a", "2")));
        assertThat(ApiResponses.truncate(matrix, 1)).isEqualTo(new Matrix(List.of(series("a", "1"))));
        assertThat(ApiResponses.truncate(matrix, 2)).isSameAs(matrix);
        assertThat(ApiResponses.truncate(matrix, 0)).isSameAs(matrix);
        Scalar scalar = new Scalar(0, 1);
        assertThat(ApiResponses.truncate(scalar, 1)).isSameAs(scalar);
    }

    @Test
    void writesStatsWithTimingsInSecondsAndPerStepCounts() {
        QueryStats stats = new QueryStats(7, 4, new long[] {1000, 1015}, new long[] {3, 4});
        QueryTimings timings = new QueryTimings(Duration.ofNanos(123_000), Duration.ZERO, Duration.ofNanos(150),
                Duration.ofMillis(2500), Duration.ofNanos(10_000), Duration.ofSeconds(3600).plusNanos(1));
        QueryResult result = new QueryResult(new Scalar(1000, 2), List.of(), List.of(), stats);
        assertThat(body(ApiResponses.query(result, 0, StatsParameter.PER_STEP, timings, List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"],"
                        + "\"stats\":{\"timings\":{\"evalTotalTime\":0.000123,\"resultSortTime\":0,"
                        + "\"queryPreparationTime\":1.5e-07,\"innerEvalTime\":2.5,\"execQueueTime\":0.00001,"
                        + "\"execTotalTime\":3600.000000001},\"samples\":{\"totalQueryableSamplesPerStep\":"
                        + "[[1,3],[1.015,4]],\"totalQueryableSamples\":7,\"peakSamples\":4}}}}");
    }

    @Test
    void leavesOutPerStepCountsTheEngineDidNotCollect() {
        QueryResult result = new QueryResult(new Vector(List.of()), List.of(), List.of(),
                new QueryStats(12, 5, new long[0], new long[0]));
        assertThat(body(ApiResponses.query(result, 0, StatsParameter.SUMMARY, QueryTimings.NONE, List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[],"
                        + "\"stats\":{\"timings\":{\"evalTotalTime\":0,\"resultSortTime\":0,\"queryPreparationTime\":0,"
                        + "\"innerEvalTime\":0,\"execQueueTime\":0,\"execTotalTime\":0},"
                        + "\"samples\":{\"totalQueryableSamples\":12,\"peakSamples\":5}}}}");
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource({
            "BAD_DATA, 400, bad_data",
            "EXECUTION, 422, execution",
            "CANCELED, 499, canceled",
            "TIMEOUT, 503, timeout",
            "INTERNAL, 500, internal",
            "UNAVAILABLE, 500, unavailable",
            "NOT_FOUND, 404, not_found",
            "NOT_ACCEPTABLE, 406, not_acceptable",
    })
    void answersErrorsWithTheirTypeAndStatus(ApiErrorType type, int status, String name) {
        ApiResponse response = ApiResponses.error(new ApiException(type, "it \"failed\" <here> & there"));
        assertThat(response.httpStatus()).isEqualTo(status);
        assertThat(body(response)).isEqualTo("{\"status\":\"error\",\"errorType\":\"" + name
                + "\",\"error\":\"it \\\"failed\\\" \\u003chere\\u003e \\u0026 there\"}");
    }

    @Test
    void reportsEngineFailuresWithPrometheusTypes() {
        ApiException parse = ApiException.fromQueryFailure(
                new QueryException(QueryErrorType.BAD_DATA, "1:5: parse error: unexpected end of input"));
        assertThat(parse.type()).isEqualTo(ApiErrorType.BAD_DATA);
        assertThat(parse.getMessage()).isEqualTo("invalid parameter \"query\": 1:5: parse error: unexpected end of input");
        String tooMany = "query processing would load too many samples into memory in query execution";
        ApiException execution = ApiException.fromQueryFailure(new QueryException(QueryErrorType.EXECUTION, tooMany));
        assertThat(execution.type()).isEqualTo(ApiErrorType.EXECUTION);
        assertThat(execution.getMessage()).isEqualTo(tooMany);
        assertThat(ApiException.fromQueryFailure(new QueryException(QueryErrorType.TIMEOUT, "t")).httpStatus())
                .isEqualTo(503);
        assertThat(ApiException.fromQueryFailure(new QueryException(QueryErrorType.CANCELED, "c")).httpStatus())
                .isEqualTo(499);
        assertThat(ApiException.fromQueryFailure(new QueryException(QueryErrorType.INTERNAL, "i")).httpStatus())
                .isEqualTo(500);
    }

    @Test
    void writesLabelNamesAndValuesAsHtmlEscapedStrings() {
        assertThat(body(ApiResponses.labelNames(List.of("__name__", "job", "a<b"), List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"job\",\"a\\u003cb\"]}");
        assertThat(body(ApiResponses.labelValues(List.of(), List.of(ApiResponses.RESULTS_TRUNCATED))))
                .isEqualTo("{\"status\":\"success\",\"data\":[],\"warnings\":[\"results truncated due to limit\"]}");
    }

    @Test
    void writesSeriesAsLabelObjectsStreamingFromAnIterable() {
        Iterable<Labels> once = new Iterable<>() {
            private boolean used;

            @Override
            public java.util.Iterator<Labels> iterator() {
                assertThat(used).as("walked once").isFalse();
                used = true;
                return List.of(Labels.of("__name__", "up", "job", "a<b>"), Labels.of("__name__", "up")).iterator();
            }
        };
        assertThat(body(ApiResponses.series(once, List.of()))).isEqualTo("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"up\",\"job\":\"a<b>\"},{\"__name__\":\"up\"}]}");
        assertThat(body(ApiResponses.series(List.of(), List.of()))).isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }

    @Test
    void asksForSeriesWarningsOnlyAfterTheSeriesWereRead() {
        List<String> warnings = new ArrayList<>();
        Iterable<Labels> series = () -> {
            warnings.add("partial result: ingester-2 unavailable");
            return List.of(Labels.of("__name__", "up")).iterator();
        };
        assertThat(body(ApiResponses.series(series, () -> warnings))).isEqualTo("{\"status\":\"success\",\"data\":"
                + "[{\"__name__\":\"up\"}],\"warnings\":[\"partial result: ingester-2 unavailable\"]}");
    }

    @Test
    void writesMetadataFamiliesInNameOrder() {
        Map<String, List<MetricMetadata>> metadata = new LinkedHashMap<>();
        metadata.put("up", List.of(new MetricMetadata("gauge", "", "Whether the target is up.")));
        metadata.put("http_requests_total", List.of(new MetricMetadata("counter", "", "Requests <total>."),
                new MetricMetadata("counter", "requests", "Requests.")));
        assertThat(body(ApiResponses.metadata(metadata))).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"http_requests_total\":[{\"type\":\"counter\",\"unit\":\"\",\"help\":\"Requests \\u003ctotal\\u003e.\"},"
                + "{\"type\":\"counter\",\"unit\":\"requests\",\"help\":\"Requests.\"}],"
                + "\"up\":[{\"type\":\"gauge\",\"unit\":\"\",\"help\":\"Whether the target is up.\"}]}}");
        assertThat(body(ApiResponses.metadata(Map.of()))).isEqualTo("{\"status\":\"success\",\"data\":{}}");
    }

    @Test
    void writesExemplarsLikePrometheus() {
        // Prometheus's own JSON codec test cases for exemplars.
        List<ExemplarSeries> results = List.of(new ExemplarSeries(Labels.of("foo", "bar"),
                List.of(new Exemplar(Labels.of("trace_id", "abc"), 100.123, 1234))));
        assertThat(body(ApiResponses.exemplars(results))).isEqualTo("{\"status\":\"success\",\"data\":[{\"seriesLabels\":"
                + "{\"foo\":\"bar\"},\"exemplars\":[{\"labels\":{\"trace_id\":\"abc\"},\"value\":\"100.123\","
                + "\"timestamp\":1.234}]}]}");
        List<ExemplarSeries> infinite = List.of(new ExemplarSeries(Labels.of("foo", "bar"),
                List.of(new Exemplar(Labels.of("trace_id", "abc"), Double.POSITIVE_INFINITY, 1234))));
        assertThat(body(ApiResponses.exemplars(infinite))).contains("\"value\":\"+Inf\"");
        assertThat(ApiResponses.noContent().httpStatus()).isEqualTo(204);
        assertThat(bytes(ApiResponses.noContent())).isEmpty();
    }

    @Test
    void writesFormattedAndParsedQueries() {
        // The example of Prometheus's HTTP API documentation.
        assertThat(body(ApiResponses.formattedQuery("foo / bar")))
                .isEqualTo("{\"status\":\"success\",\"data\":\"foo / bar\"}");
        Expr expr = new PromqlParser(ParserOptions.defaults()).parseExpr("1 > bool 2");
        assertThat(body(ApiResponses.parsedQuery(expr))).isEqualTo("{\"status\":\"success\",\"data\":{\"bool\":true,"
                + "\"lhs\":{\"type\":\"numberLiteral\",\"val\":\"1\"},\"matching\":null,\"op\":\"\\u003e\","
                + "\"rhs\":{\"type\":\"numberLiteral\",\"val\":\"2\"},\"type\":\"binaryExpr\"}}");
    }

    @Test
    void answersAnUnmarshallableTreeWithAnInternalError() {
        Expr expr = new PromqlParser(ParserOptions.allFeatures()).parseExpr("a + fill(NaN) b");
        ApiResponse response = ApiResponses.parsedQuery(expr);
        assertThat(response.httpStatus()).isEqualTo(500);
        assertThat(body(response)).isEqualTo(
                "{\"status\":\"error\",\"errorType\":\"internal\",\"error\":\"unsupported value: NaN\"}");
    }

    @Test
    void writesTheStatusEndpoints() {
        assertThat(body(ApiResponses.buildInfo(new BuildInfo("3.14.0", "abc", "HEAD", "amphora", "20260101-00:00:00",
                "java25")))).isEqualTo("{\"status\":\"success\",\"data\":{\"version\":\"3.14.0\",\"revision\":\"abc\","
                + "\"branch\":\"HEAD\",\"buildUser\":\"amphora\",\"buildDate\":\"20260101-00:00:00\","
                + "\"goVersion\":\"java25\"}}");
        RuntimeInfo runtime = new RuntimeInfo(new ApiTime(1_700_000_000, 123_000_000), "/data", "host-1",
                new ApiTime(1_700_000_100, 0), true, new ApiTime(-62_135_596_800L, 0), 0, 42, 2, Long.MAX_VALUE,
                "100", "", "15d");
        assertThat(body(ApiResponses.runtimeInfo(runtime))).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"startTime\":\"2023-11-14T22:13:20.123Z\",\"CWD\":\"/data\",\"hostname\":\"host-1\","
                + "\"serverTime\":\"2023-11-14T22:15:00Z\",\"reloadConfigSuccess\":true,"
                + "\"lastConfigTime\":\"0001-01-01T00:00:00Z\",\"corruptionCount\":0,\"goroutineCount\":42,"
                + "\"GOMAXPROCS\":2,\"GOMEMLIMIT\":9223372036854775807,\"GOGC\":\"100\",\"GODEBUG\":\"\","
                + "\"storageRetention\":\"15d\"}}");
        assertThat(body(ApiResponses.config("global:\n  scrape_interval: 15s\n")))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"yaml\":\"global:\\n  scrape_interval: 15s\\n\"}}");
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("web.listen-address", "0.0.0.0:9090");
        flags.put("query.timeout", "2m");
        flags.put("alertmanager.notification-queue-capacity", "10000");
        assertThat(body(ApiResponses.flags(flags))).isEqualTo("{\"status\":\"success\",\"data\":{"
                + "\"alertmanager.notification-queue-capacity\":\"10000\",\"query.timeout\":\"2m\","
                + "\"web.listen-address\":\"0.0.0.0:9090\"}}");
    }

    @Test
    void streamsLargeMatricesThroughASmallWindow() {
        int points = 50_000;
        long[] timestamps = new long[points];
        double[] values = new double[points];
        for (int i = 0; i < points; i++) {
            timestamps[i] = 1_700_000_000_000L + i * 15_000L;
            values[i] = i / 7.0;
        }
        List<RangeSeries> series = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            series.add(new RangeSeries(Labels.of("__name__", "m", "i", Integer.toString(s)), timestamps, values,
                    new long[0], new io.amphora.model.histogram.FloatHistogram[0]));
        }
        ApiResponse response = ApiResponses.query(result(new Matrix(series)), 0, StatsParameter.NONE,
                QueryTimings.NONE, List.of());
        CountingStream out = new CountingStream();
        try {
            response.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out.largestWrite).isLessThanOrEqualTo(16 * 1024);
        assertThat(out.count).isGreaterThan(20L * points * 20);
        assertThat(out.flushed).isTrue();
    }

    @Test
    void reportsWriteFailuresAsIoExceptions() {
        ApiResponse response = ApiResponses.labelNames(List.of("a"), List.of());
        assertThatThrownBy(() -> response.writeTo(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("broken pipe");
            }
        })).isInstanceOf(IOException.class).hasMessage("broken pipe");
    }

    private static QueryResult result(QueryValue value) {
        return new QueryResult(value, List.of(), List.of(), NO_STATS);
    }

    private static RangeSeries series(String name, String value) {
        return new RangeSeries(Labels.of(name, value), new long[] {0}, new double[] {1}, new long[0],
                new io.amphora.model.histogram.FloatHistogram[0]);
    }

    static String body(ApiResponse response) {
        return new String(bytes(response), StandardCharsets.UTF_8);
    }

    static byte[] bytes(ApiResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            response.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final class CountingStream extends OutputStream {
        long count;
        int largestWrite;
        boolean flushed;

        @Override
        public void write(int b) {
            count++;
            largestWrite = Math.max(largestWrite, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            largestWrite = Math.max(largestWrite, len);
        }

        @Override
        public void flush() {
            flushed = true;
        }
    }
}
