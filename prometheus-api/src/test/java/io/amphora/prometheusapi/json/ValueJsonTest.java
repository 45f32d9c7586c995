package io.amphora.prometheusapi.json;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryValue;
import io.amphora.promql.engine.RangeSeries;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;

import static org.assertj.core.api.Assertions.assertThat;

class ValueJsonTest {
    private static final long[] NO_TIMESTAMPS = {};
    private static final FloatHistogram[] NO_HISTOGRAMS = {};

    @Test
    void writesAnInstantVectorLikeTheApiDocumentationExample() {
        // The example of Prometheus's HTTP API documentation (`up` at 2015-07-01T20:10:51.781Z), compacted, with the
        // labels in the sorted order Prometheus writes them in.
        Vector vector = new Vector(List.of(
                Sample.ofFloat(Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"),
                        1435781451781L, 1),
                Sample.ofFloat(Labels.of("__name__", "up", "job", "node", "instance", "localhost:9100"),
                        1435781451781L, 0)));
        assertThat(result(vector)).isEqualTo("[{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9090\","
                + "\"job\":\"prometheus\"},\"value\":[1435781451.781,\"1\"]},{\"metric\":{\"__name__\":\"up\","
                + "\"instance\":\"localhost:9100\",\"job\":\"node\"},\"value\":[1435781451.781,\"0\"]}]");
    }

    @Test
    void writesARangeVectorLikeTheApiDocumentationExample() {
        Matrix matrix = new Matrix(List.of(
                floats(Labels.of("__name__", "up", "job", "prometheus", "instance", "localhost:9090"),
                        new long[] {1435781430781L, 1435781445781L, 1435781460781L}, new double[] {1, 1, 1}),
                floats(Labels.of("__name__", "up", "job", "node", "instance", "localhost:9091"),
                        new long[] {1435781430781L, 1435781445781L, 1435781460781L}, new double[] {0, 0, 1})));
        assertThat(result(matrix)).isEqualTo("[{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9090\","
                + "\"job\":\"prometheus\"},\"values\":[[1435781430.781,\"1\"],[1435781445.781,\"1\"],"
                + "[1435781460.781,\"1\"]]},{\"metric\":{\"__name__\":\"up\",\"instance\":\"localhost:9091\","
                + "\"job\":\"node\"},\"values\":[[1435781430.781,\"0\"],[1435781445.781,\"0\"],"
                + "[1435781460.781,\"1\"]]}]");
    }

    @Test
    void writesEmptyResultsAsEmptyArrays() {
        assertThat(result(new Vector(List.of()))).isEqualTo("[]");
        assertThat(result(new Matrix(List.of()))).isEqualTo("[]");
    }

    @Test
    void writesSampleValuesAsStringsWithGoSpecialValues() {
        Vector vector = new Vector(List.of(
                Sample.ofFloat(Labels.of("a", "1"), 0, Double.NaN),
                Sample.ofFloat(Labels.of("a", "2"), 10, Double.POSITIVE_INFINITY),
                Sample.ofFloat(Labels.of("a", "3"), 1100, Double.NEGATIVE_INFINITY),
                Sample.ofFloat(Labels.of("a", "4"), -1, 1.2345678e-67),
                Sample.ofFloat(Labels.of("a", "5"), 12345678123456555L, 0.0000012345678),
                Sample.ofFloat(Labels.of("a", "6"), 1, -0.0),
                Sample.ofFloat(Labels.empty(), 1, 1e21)));
        assertThat(result(vector)).isEqualTo("[{\"metric\":{\"a\":\"1\"},\"value\":[0,\"NaN\"]},"
                + "{\"metric\":{\"a\":\"2\"},\"value\":[0.010,\"+Inf\"]},"
                + "{\"metric\":{\"a\":\"3\"},\"value\":[1.100,\"-Inf\"]},"
                + "{\"metric\":{\"a\":\"4\"},\"value\":[-0.001,\"1.2345678e-67\"]},"
                + "{\"metric\":{\"a\":\"5\"},\"value\":[12345678123456.555,\"0.0000012345678\"]},"
                + "{\"metric\":{\"a\":\"6\"},\"value\":[0.001,\"-0\"]},"
                + "{\"metric\":{},\"value\":[0.001,\"1e+21\"]}]");
    }

    @Test
    void writesLabelsWithoutHtmlEscaping() {
        Vector vector = new Vector(List.of(Sample.ofFloat(
                Labels.of("__name__", "x", "service.name", "a<b>&\"c\"\n"), 1000, 1)));
        assertThat(result(vector)).isEqualTo(
                "[{\"metric\":{\"__name__\":\"x\",\"service.name\":\"a<b>&\\\"c\\\"\\n\"},\"value\":[1,\"1\"]}]");
    }

    @Test
    void writesScalarsThroughGoEncodingJsonWithoutExponents() {
        assertThat(result(new Scalar(1435781451781L, 1))).isEqualTo("[1435781451.781,\"1\"]");
        assertThat(result(new Scalar(10, 1e-7))).isEqualTo("[0.01,\"0.0000001\"]");
        assertThat(result(new Scalar(1100, 1e21))).isEqualTo("[1.1,\"1000000000000000000000\"]");
        assertThat(result(new Scalar(0, Double.NaN))).isEqualTo("[0,\"NaN\"]");
        assertThat(result(new Scalar(-1500, Double.NEGATIVE_INFINITY))).isEqualTo("[-1.5,\"-Inf\"]");
    }

    @Test
    void writesStringsThroughGoEncodingJson() {
        assertThat(result(new StringValue(1000, "a\"<b>&\b\f\u2028"))).isEqualTo(
                "[1,\"a\\\"\\u003cb\\u003e\\u0026\\b\\f\\u2028\"]");
    }

    @Test
    void writesHistogramBucketsWithBoundaryRules() {
        // The native histogram of Prometheus's own JSON codec test: schema 2, a zero bucket, both signs.
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 2, 0.001, 12, 10, 20,
                new Span[] {new Span(3, 2), new Span(1, 3)}, new double[] {1, 2, 2, 1, 1},
                new Span[] {new Span(2, 2)}, new double[] {2, 1}, new double[0]);
        Matrix matrix = new Matrix(List.of(new RangeSeries(Labels.of("__name__", "foo"), NO_TIMESTAMPS, new double[0],
                new long[] {1000}, new FloatHistogram[] {h})));
        assertThat(result(matrix)).isEqualTo("[{\"metric\":{\"__name__\":\"foo\"},\"histograms\":[[1,{\"count\":\"10\","
                + "\"sum\":\"20\",\"buckets\":[[1,\"-1.6817928305074288\",\"-1.414213562373095\",\"1\"],"
                + "[1,\"-1.414213562373095\",\"-1.189207115002721\",\"2\"],[3,\"-0.001\",\"0.001\",\"12\"],"
                + "[0,\"1.414213562373095\",\"1.6817928305074288\",\"1\"],[0,\"1.6817928305074288\",\"2\",\"2\"],"
                + "[0,\"2.378414230005442\",\"2.82842712474619\",\"2\"],"
                + "[0,\"2.82842712474619\",\"3.3635856610148576\",\"1\"],[0,\"3.3635856610148576\",\"4\",\"1\"]]}]]}]");
    }

    @Test
    void writesAHistogramSampleOfAnInstantVector() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 3, 7.5,
                new Span[] {new Span(0, 2)}, new double[] {1, 2}, new Span[0], new double[0], new double[0]);
        Vector vector = new Vector(List.of(Sample.ofHistogram(Labels.of("__name__", "h"), 1500, h)));
        assertThat(result(vector)).isEqualTo("[{\"metric\":{\"__name__\":\"h\"},\"histogram\":[1.500,{\"count\":\"3\","
                + "\"sum\":\"7.5\",\"buckets\":[[0,\"0.5\",\"1\",\"1\"],[0,\"1\",\"2\",\"2\"]]}]}]");
    }

    @Test
    void writesCustomBucketsFromMinusToPlusInfinityAndSkipsEmptyOnes() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA, 0, 0,
                6, 12.5, new Span[] {new Span(0, 4)}, new double[] {1, 0, 3, 2}, new Span[0], new double[0],
                new double[] {1, 2.5, 5});
        assertThat(histogram(h)).isEqualTo("{\"count\":\"6\",\"sum\":\"12.5\",\"buckets\":[[3,\"-Inf\",\"1\",\"1\"],"
                + "[0,\"2.5\",\"5\",\"3\"],[0,\"5\",\"+Inf\",\"2\"]]}");
    }

    @Test
    void clipsBucketsThatReachIntoTheZeroBucket() {
        // Schema 0: bucket -1 is (0.25, 0.5], bucket 0 is (0.5, 1]; the zero bucket covers [-0.3, 0.3].
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.3, 4, 10, 3,
                new Span[] {new Span(-1, 2)}, new double[] {1, 2}, new Span[] {new Span(-1, 1)}, new double[] {3},
                new double[0]);
        assertThat(histogram(h)).isEqualTo("{\"count\":\"10\",\"sum\":\"3\",\"buckets\":["
                + "[1,\"-0.5\",\"-0.3\",\"3\"],[3,\"-0.3\",\"0.3\",\"4\"],[0,\"0.3\",\"0.5\",\"1\"],"
                + "[0,\"0.5\",\"1\",\"2\"]]}");
    }

    @Test
    void leavesOutBucketsWhenAllAreEmpty() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.GAUGE, 3, 0.001, 0, 0, Double.NaN,
                new Span[] {new Span(0, 1)}, new double[] {0}, new Span[0], new double[0], new double[0]);
        assertThat(histogram(h)).isEqualTo("{\"count\":\"0\",\"sum\":\"NaN\"}");
    }

    @Test
    void writesNegativeSchemasAndTheLargestBuckets() {
        // Schema -2: bucket i is (16^(i-1), 16^i]; bucket 256 would end at 2^1024 and is capped at MaxFloat64.
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, -2, 0, 0, 2, 1,
                new Span[] {new Span(1, 1), new Span(254, 1)}, new double[] {1, 1}, new Span[0], new double[0],
                new double[0]);
        assertThat(histogram(h)).isEqualTo("{\"count\":\"2\",\"sum\":\"1\",\"buckets\":[[0,\"1\",\"16\",\"1\"],"
                + "[0,\"1.1235582092889474e+307\",\"1.7976931348623157e+308\",\"1\"]]}");
    }

    @Test
    void writesBothFloatAndHistogramPointsOfAMixedSeries() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 1, 1, 0,
                new Span[0], new double[0], new Span[0], new double[0], new double[0]);
        Matrix matrix = new Matrix(List.of(new RangeSeries(Labels.empty(), new long[] {1000}, new double[] {5},
                new long[] {2000}, new FloatHistogram[] {h})));
        assertThat(result(matrix)).isEqualTo("[{\"metric\":{},\"values\":[[1,\"5\"]],\"histograms\":[[2,"
                + "{\"count\":\"1\",\"sum\":\"0\",\"buckets\":[[3,\"-0\",\"0\",\"1\"]]}]]}]");
    }

    @Test
    void namesResultTypes() {
        assertThat(ValueJson.resultType(new Vector(List.of()))).isEqualTo("vector");
        assertThat(ValueJson.resultType(new Matrix(List.of()))).isEqualTo("matrix");
        assertThat(ValueJson.resultType(new Scalar(0, 0))).isEqualTo("scalar");
        assertThat(ValueJson.resultType(new StringValue(0, ""))).isEqualTo("string");
    }

    private static RangeSeries floats(Labels labels, long[] timestamps, double[] values) {
        return new RangeSeries(labels, timestamps, values, NO_TIMESTAMPS, NO_HISTOGRAMS);
    }

    private static String result(QueryValue value) {
        return Json.render(out -> ValueJson.writeResult(out, value));
    }

    private static String histogram(FloatHistogram h) {
        return Json.render(out -> ValueJson.writeHistogram(out, h));
    }
}
