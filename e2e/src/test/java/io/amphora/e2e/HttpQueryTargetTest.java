package io.amphora.e2e;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Span;
import io.amphora.proto.prometheus.Histogram;
import io.amphora.proto.prometheus.WriteRequest;
import io.amphora.promql.engine.Matrix;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryResult;
import io.amphora.promql.engine.Sample;
import io.amphora.promql.engine.Scalar;
import io.amphora.promql.engine.StringValue;
import io.amphora.promql.engine.Vector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpQueryTargetTest {
    @Test
    void decodesAVectorWithItsAnnotations() {
        QueryResult result = HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"__name__":"up","job":"a"},"value":[-1.5,"+Inf"]},
                  {"metric":{},"value":[1700000000.007,"0.1"]}]},
                 "warnings":["PromQL warning: w (1:1)"],"infos":["PromQL info: i (1:2)"]}""");

        assertThat(result.value()).isEqualTo(new Vector(java.util.List.of(
                Sample.ofFloat(Labels.of("__name__", "up", "job", "a"), -1500, Double.POSITIVE_INFINITY),
                Sample.ofFloat(Labels.empty(), 1_700_000_000_007L, 0.1))));
        assertThat(result.warnings()).containsExactly("PromQL warning: w (1:1)");
        assertThat(result.infos()).containsExactly("PromQL info: i (1:2)");
    }

    @Test
    void decodesAMatrixScalarAndString() {
        QueryResult matrix = HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"a":"b"},"values":[[0,"1"],[60,"NaN"]]}]}}""");
        assertThat(matrix.value()).isInstanceOfSatisfying(Matrix.class, m -> {
            assertThat(m.series()).hasSize(1);
            assertThat(m.series().getFirst().labels()).isEqualTo(Labels.of("a", "b"));
            assertThat(m.series().getFirst().floatTimestamps()).containsExactly(0, 60_000);
            assertThat(m.series().getFirst().floatValues()).containsExactly(1, Double.NaN);
        });

        assertThat(HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"scalar","result":[1.1,"-0"]}}""").value())
                .isEqualTo(new Scalar(1100, -0.0));
        assertThat(HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"string","result":[2,"text"]}}""").value())
                .isEqualTo(new StringValue(2000, "text"));
    }

    @Test
    void anErrorEnvelopeBecomesAQueryExceptionWithTheEnginesText() {
        assertThatThrownBy(() -> HttpQueryTarget.decode(400, """
                {"status":"error","errorType":"bad_data","error":"invalid parameter \\"query\\": 1:5: parse error: x"}"""))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(QueryErrorType.BAD_DATA);
                    assertThat(e.getMessage()).isEqualTo("1:5: parse error: x");
                });
        assertThatThrownBy(() -> HttpQueryTarget.decode(422, """
                {"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}"""))
                .isInstanceOfSatisfying(QueryException.class,
                        e -> assertThat(e.type()).isEqualTo(QueryErrorType.EXECUTION));
    }

    @Test
    void anAnswerThatIsNotTheApisJsonIsRejected() {
        assertThatThrownBy(() -> HttpQueryTarget.decode(502, "Bad Gateway"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("502");
    }

    @Test
    void decodesAnExponentialHistogramWithBothSidesAndAZeroBucket() {
        FloatHistogram decoded = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"10","sum":"-1.5","buckets":[[1,"-2","-1","3"],[3,"-0.001","0.001","1"],
                  [0,"0.5","1","2"],[0,"2","4","4"]]}"""));

        assertThat(decoded).isEqualTo(new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0.001, 1, 10, -1.5,
                new Span[] {new Span(0, 3)}, new double[] {2, 0, 4}, new Span[] {new Span(1, 1)}, new double[] {3},
                new double[0]));
    }

    @Test
    void findsTheSchemaWhoseBoundsTheBucketsHave() {
        FloatHistogram schema1 = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"1","sum":"1.2","buckets":[[0,"1","1.414213562373095","1"]]}"""));
        assertThat(schema1.schema()).isEqualTo(1);
        assertThat(schema1.positiveSpans()).containsExactly(new Span(1, 1));

        FloatHistogram schemaMinus2 = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"2","sum":"20","buckets":[[0,"1","16","2"]]}"""));
        assertThat(schemaMinus2.schema()).isEqualTo(-2);
        assertThat(schemaMinus2.positiveSpans()).containsExactly(new Span(1, 1));
    }

    @Test
    void aBucketClippedToTheZeroThresholdGivesTheThreshold() {
        FloatHistogram decoded = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"5","sum":"3","buckets":[[0,"0.7","1","2"],[0,"1","2","3"]]}"""));

        assertThat(decoded.schema()).isZero();
        assertThat(decoded.zeroThreshold()).isEqualTo(0.7);
        assertThat(decoded.positiveSpans()).containsExactly(new Span(0, 2));
        assertThat(decoded.positiveBuckets()).containsExactly(2, 3);
    }

    @Test
    void decodesCustomBucketsWithTheBoundsOfTheListedBuckets() {
        FloatHistogram decoded = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"6","sum":"2.25","buckets":[[3,"-Inf","0.1","1"],[0,"0.1","0.5","2"],[0,"0.5","+Inf","3"]]}"""));

        assertThat(decoded).isEqualTo(new FloatHistogram(CounterResetHint.UNKNOWN, FloatHistogram.CUSTOM_BUCKETS_SCHEMA,
                0, 0, 6, 2.25, new Span[] {new Span(0, 3)}, new double[] {1, 2, 3}, new Span[0], new double[0],
                new double[] {0.1, 0.5}));
    }

    @Test
    void customBoundsThatNoExponentialSchemaHasAreRecognisedWithoutInfiniteBuckets() {
        FloatHistogram decoded = HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"2","sum":"0.4","buckets":[[0,"0.1","0.5","2"]]}"""));

        assertThat(decoded.usesCustomBuckets()).isTrue();
        assertThat(decoded.customValues()).containsExactly(0.1, 0.5);
        assertThat(decoded.positiveSpans()).containsExactly(new Span(1, 1));
    }

    @Test
    void aHistogramWithoutBucketsHasTheNotationsDefaults() {
        assertThat(HttpQueryTarget.histogram(PrometheusJson.parse("""
                {"count":"0","sum":"0"}"""))).isEqualTo(FloatHistogram.empty(0, new double[0]));
    }

    @Test
    void decodesHistogramSamplesOfVectorsAndMatrices() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.UNKNOWN, 0, 0, 0, 2, 3, new Span[] {new Span(1, 1)},
                new double[] {2}, new Span[0], new double[0], new double[0]);
        QueryResult vector = HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"vector","result":[
                  {"metric":{"a":"b"},"histogram":[5,{"count":"2","sum":"3","buckets":[[0,"1","2","2"]]}]}]}}""");
        assertThat(vector.value()).isEqualTo(new Vector(java.util.List.of(Sample.ofHistogram(Labels.of("a", "b"), 5000, h))));

        QueryResult matrix = HttpQueryTarget.decode(200, """
                {"status":"success","data":{"resultType":"matrix","result":[
                  {"metric":{"a":"b"},"values":[[0,"1"]],
                   "histograms":[[60,{"count":"2","sum":"3","buckets":[[0,"1","2","2"]]}]]}]}}""");
        assertThat(matrix.value()).isInstanceOfSatisfying(Matrix.class, m -> {
            assertThat(m.series().getFirst().floatTimestamps()).containsExactly(0);
            assertThat(m.series().getFirst().histogramTimestamps()).containsExactly(60_000);
            assertThat(m.series().getFirst().histograms()).containsExactly(h);
        });
    }

    @Test
    void aSeriesAlternatingFloatsAndHistogramsIsSentAsOneTimeSeriesPerRunInTimeOrder() {
        FloatHistogram h = new FloatHistogram(CounterResetHint.GAUGE, -53, 0, 0, 3, 1, new Span[] {new Span(0, 2)},
                new double[] {1, 2}, new Span[0], new double[0], new double[] {0.5});
        RemoteWriteClient.Series series = RemoteWriteClient.Series.of(java.util.Map.of("__name__", "m"));
        series.add(0, 1.0);
        series.add(1000, h);
        series.add(2000, h);
        series.add(3000, 2.0);

        WriteRequest request = RemoteWriteClient.request(java.util.List.of(series), java.util.List.of());

        assertThat(request.getTimeseriesList()).hasSize(3);
        assertThat(request.getTimeseries(0).getSamplesList()).extracting(s -> s.getTimestamp()).containsExactly(0L);
        assertThat(request.getTimeseries(1).getHistogramsList()).extracting(x -> x.getTimestamp())
                .containsExactly(1000L, 2000L);
        assertThat(request.getTimeseries(2).getSamplesList()).extracting(s -> s.getTimestamp()).containsExactly(3000L);
        Histogram sent = request.getTimeseries(1).getHistograms(0);
        assertThat(sent.getCountFloat()).isEqualTo(3);
        assertThat(sent.getSchema()).isEqualTo(-53);
        assertThat(sent.getResetHint()).isEqualTo(Histogram.ResetHint.GAUGE);
        assertThat(sent.getPositiveCountsList()).containsExactly(1.0, 2.0);
        assertThat(sent.getCustomValuesList()).containsExactly(0.5);
        assertThat(request.getTimeseries(1).getLabels(0).getValue()).isEqualTo("m");
    }

    @Test
    void secondsAreExactDecimals() {
        assertThat(HttpQueryTarget.seconds(-1500)).isEqualTo("-1.5");
        assertThat(HttpQueryTarget.seconds(60_000)).isEqualTo("60");
        assertThat(HttpQueryTarget.seconds(1_700_000_000_007L)).isEqualTo("1700000000.007");
    }
}
