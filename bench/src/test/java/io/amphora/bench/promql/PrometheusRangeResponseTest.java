package io.amphora.bench.promql;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusRangeResponseTest {
    /** An answer of Debian's Prometheus 2.42 to a range query with stats=all over this module's benchmark data. */
    private static final String ANSWER = """
            {"status":"success","data":{"resultType":"matrix","result":[\
            {"metric":{"job":"api-0"},"values":[[1795264087.500,"37.895695999999994"],[1795264147.500,"73.43980255158733"]]},\
            {"metric":{"job":"auth-0"},"values":[[1795264087.500,"76.67035874074075"],[1795264147.500,"151.400473484127"]]}],\
            "stats":{"timings":{"evalTotalTime":0.002636656,"resultSortTime":0.000028803,"queryPreparationTime":0.000233307,\
            "innerEvalTime":0.00236436,"execQueueTime":0.000011337,"execTotalTime":0.002656466},\
            "samples":{"totalQueryableSamples":4086,"peakSamples":920}}}}""";

    record Seen(Labels labels, long[] timestamps, double[] values) {}

    @Test
    void readsEverySeriesWithMillisecondTimestampsAndExactValues() throws IOException {
        List<Seen> seen = new ArrayList<>();

        PrometheusRangeResponse response = PrometheusRangeResponse.parse(json(ANSWER),
                (labels, timestamps, values) -> seen.add(new Seen(labels, timestamps, values)));

        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).labels()).isEqualTo(Labels.of("job", "api-0"));
        assertThat(seen.get(0).timestamps()).containsExactly(1_795_264_087_500L, 1_795_264_147_500L);
        assertThat(seen.get(0).values()).containsExactly(37.895695999999994, 73.43980255158733);
        assertThat(seen.get(1).labels()).isEqualTo(Labels.of("job", "auth-0"));
        assertThat(seen.get(1).values()).containsExactly(76.67035874074075, 151.400473484127);
        assertThat(response.seriesCount()).isEqualTo(2);
        assertThat(response.pointCount()).isEqualTo(4);
        assertThat(response.totalQueryableSamples()).isEqualTo(4086);
        assertThat(response.peakSamples()).isEqualTo(920);
        assertThat(response.warnings()).isEmpty();
    }

    @Test
    void takesTheEnginesOwnTimingsFromTheStats() throws IOException {
        PrometheusRangeResponse.PrometheusTimings timings =
                PrometheusRangeResponse.parse(json(ANSWER), PrometheusRangeResponse.SeriesVisitor.NONE).timings();

        assertThat(timings.execTotalTime()).isEqualTo(0.002656466);
        assertThat(timings.evalTotalTime()).isEqualTo(0.002636656);
        assertThat(timings.queryPreparationTime()).isEqualTo(0.000233307);
        assertThat(timings.innerEvalTime()).isEqualTo(0.00236436);
        assertThat(timings.resultSortTime()).isEqualTo(0.000028803);
        assertThat(timings.execQueueTime()).isEqualTo(0.000011337);
    }

    @Test
    void readsSpecialValuesIntegerTimestampsAndSkipsWhatItDoesNotKnow() throws IOException {
        List<Seen> seen = new ArrayList<>();
        String answer = """
                {"status":"success","warnings":["PromQL warning: something (1:1)"],"data":{"resultType":"matrix",
                 "result":[{"metric":{},"values":[[1,"+Inf"],[2,"-Inf"],[3,"NaN"],[4,"-0.5"],[5,"1e-7"]],
                            "histograms":[[6,{"count":"1","sum":"2","buckets":[[0,"0","1","1"]]}]]}],
                 "stats":{"timings":{"evalTotalTime":1,"execTotalTime":2,"somethingNew":3},
                          "samples":{"totalQueryableSamplesPerStep":[[1,2],[2,3]],"totalQueryableSamples":5,"peakSamples":3}},
                 "analysis":{"name":"x"}}}""";

        PrometheusRangeResponse response = PrometheusRangeResponse.parse(json(answer),
                (labels, timestamps, values) -> seen.add(new Seen(labels, timestamps, values)));

        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.labels()).isEqualTo(Labels.empty());
            assertThat(s.timestamps()).containsExactly(1000L, 2000L, 3000L, 4000L, 5000L);
            assertThat(s.values()).containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.5, 1e-7);
        });
        assertThat(response.warnings()).containsExactly("PromQL warning: something (1:1)");
        assertThat(response.timings().execTotalTime()).isEqualTo(2);
        assertThat(response.timings().innerEvalTime()).isNaN();
        assertThat(response.totalQueryableSamples()).isEqualTo(5);
    }

    @Test
    void turnsAnErrorAnswerIntoAnExceptionWithItsType() {
        String answer = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:44: parse error: unclosed left parenthesis\"}";

        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json(answer), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOfSatisfying(PrometheusRangeResponse.PrometheusQueryException.class,
                        e -> assertThat(e.errorType()).isEqualTo("bad_data"))
                .hasMessage("bad_data: 1:44: parse error: unclosed left parenthesis");
    }

    @Test
    void refusesAnAnswerWithoutStats() {
        String answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json(answer), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stats=all");
    }

    @Test
    void readsAnAnswerWithoutStatsWhenTheyWereNotAskedFor() throws IOException {
        String answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{\"job\":\"a\"},\"values\":[[1,\"2\"],[2,\"3\"]]}]}}";

        PrometheusRangeResponse response = PrometheusRangeResponse.parse(json(answer),
                PrometheusRangeResponse.SeriesVisitor.NONE, false);

        assertThat(response.seriesCount()).isEqualTo(1);
        assertThat(response.pointCount()).isEqualTo(2);
        assertThat(response.timings()).isEqualTo(PrometheusRangeResponse.PrometheusTimings.ABSENT);
        assertThat(response.timings().execTotalTime()).isNaN();
        assertThat(response.totalQueryableSamples()).isEqualTo(-1);
    }

    @Test
    void refusesAnInstantQueryAnswer() {
        String answer = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[],"
                + "\"stats\":{\"timings\":{\"evalTotalTime\":1,\"execTotalTime\":2}}}}";

        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json(answer), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("resultType is vector");
    }

    @Test
    void reportsMalformedJsonAndValues() {
        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json("{\"status\":"), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("malformed Prometheus response");
        String badValue = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{},\"values\":[[1,\"one\"]]}]}}";
        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json(badValue), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessage("sample value 'one' is not a number");
        String numberValue = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{},\"values\":[[1,1.5]]}]}}";
        assertThatThrownBy(() -> PrometheusRangeResponse.parse(json(numberValue), PrometheusRangeResponse.SeriesVisitor.NONE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a string");
    }

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
