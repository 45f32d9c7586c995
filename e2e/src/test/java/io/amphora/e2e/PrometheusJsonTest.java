package io.amphora.e2e;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusJsonTest {
    private static final String VECTOR = """
            {"resultType":"vector","result":[
              {"metric":{"job":"a"},"value":[1700000000.007,"1.5"]},
              {"metric":{"job":"b"},"value":[1700000000.007,"NaN"]}]}""";

    @Test
    void vectorElementsInAnotherOrderAndKeysInAnotherOrderAreEquivalent() {
        String reordered = """
                {"result":[
                  {"value":[1700000000.007,"NaN"],"metric":{"job":"b"}},
                  {"metric":{"job":"a"},"value":[1700000000.007,"1.5000000000001"]}],"resultType":"vector"}""";

        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(reordered), false))
                .isEmpty();
    }

    @Test
    void orderMattersWhenTheResultIsOrdered() {
        String reordered = """
                {"resultType":"vector","result":[
                  {"metric":{"job":"b"},"value":[1700000000.007,"NaN"]},
                  {"metric":{"job":"a"},"value":[1700000000.007,"1.5"]}]}""";

        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(reordered), true))
                .isNotEmpty();
    }

    @Test
    void aValueOutsideTheToleranceIsADifference() {
        String other = VECTOR.replace("\"1.5\"", "\"1.5000001\"");

        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(other), false))
                .containsExactly("$.result[0].value[1]: \"1.5\" vs \"1.5000001\"");
    }

    @Test
    void aMissingLabelOrElementIsADifference() {
        String fewerLabels = VECTOR.replace("{\"job\":\"a\"}", "{}");
        String fewerElements = """
                {"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1700000000.007,"1.5"]}]}""";

        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(fewerLabels), false))
                .isNotEmpty();
        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(fewerElements), false))
                .isNotEmpty();
    }

    @Test
    void nanEqualsOnlyNanAndAStringIsNeverANumber() {
        String notNan = VECTOR.replace("\"NaN\"", "\"0\"");
        String timestampAsString = VECTOR.replace("[1700000000.007,\"1.5\"]", "[\"1700000000.007\",\"1.5\"]");

        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(notNan), false))
                .isNotEmpty();
        assertThat(PrometheusJson.differences(PrometheusJson.parse(VECTOR), PrometheusJson.parse(timestampAsString),
                false)).isNotEmpty();
    }

    @Test
    void theOrderOfPointsIsAlwaysCompared() {
        String matrix = """
                {"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"2"]]}]}""";
        String swapped = """
                {"resultType":"matrix","result":[{"metric":{},"values":[[2,"2"],[1,"1"]]}]}""";

        assertThat(PrometheusJson.differences(PrometheusJson.parse(matrix), PrometheusJson.parse(swapped), false))
                .isNotEmpty();
    }
}
