package io.amphora.prometheusapi;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.amphora.model.Matcher;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ApiRequestParserTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678901234Z");
    private final ApiRequestParser parser =
            new ApiRequestParser(new PromqlParser(ParserOptions.defaults()), InstantSource.fixed(NOW));

    @Test
    void parsesAnInstantQuery() {
        InstantQueryRequest request = parser.instantQuery(RequestParameters.of("query", "up", "time",
                "2015-07-01T20:10:51.781Z", "timeout", "30s", "lookback_delta", "1m", "limit", "5", "stats", "all"));
        assertThat(request).isEqualTo(new InstantQueryRequest("up", new ApiTime(1_435_781_451, 781_000_000),
                Optional.of(Duration.ofSeconds(30)), Optional.of(Duration.ofMinutes(1)), 5, StatsParameter.PER_STEP,
                List.of()));
        assertThat(request.timeMillis()).isEqualTo(1_435_781_451_781L);
    }

    @Test
    void evaluatesInstantQueriesWithoutTimeAtTheClocksTime() {
        InstantQueryRequest request = parser.instantQuery(RequestParameters.of("query", "up"));
        assertThat(request.time()).isEqualTo(ApiTime.of(NOW));
        assertThat(request.timeMillis()).isEqualTo(NOW.toEpochMilli());
        assertThat(request.timeout()).isEmpty();
        assertThat(request.lookbackDelta()).isEmpty();
        assertThat(request.limit()).isZero();
        assertThat(request.stats()).isEqualTo(StatsParameter.NONE);
    }

    @Test
    void takesTheFirstOfRepeatedParameters() {
        InstantQueryRequest request = parser.instantQuery(RequestParameters.of(Map.of(
                "query", List.of("up", "down"), "time", List.of("1", "2"))));
        assertThat(request.query()).isEqualTo("up");
        assertThat(request.timeMillis()).isEqualTo(1000);
    }

    @Test
    void treatsNonPositiveLookbackDeltasAsAbsent() {
        assertThat(parser.instantQuery(RequestParameters.of("lookback_delta", "0")).lookbackDelta()).isEmpty();
        assertThat(parser.instantQuery(RequestParameters.of("lookback_delta", "-5")).lookbackDelta()).isEmpty();
        assertThat(parser.instantQuery(RequestParameters.of("timeout", "-5")).timeout())
                .contains(Duration.ofSeconds(-5));
    }

    @Test
    void readsTheStatsParameterAndWarnsAboutDeprecatedValues() {
        assertThat(parser.instantQuery(RequestParameters.of("stats", "true")).stats()).isEqualTo(StatsParameter.SUMMARY);
        assertThat(parser.instantQuery(RequestParameters.of("stats", "true")).warnings()).isEmpty();
        RangeQueryRequest request = parser.rangeQuery(RequestParameters.of("query", "up", "start", "0", "end", "10",
                "step", "1", "stats", "1"));
        assertThat(request.stats()).isEqualTo(StatsParameter.SUMMARY);
        assertThat(request.warnings()).containsExactly("value \"1\" for parameter \"stats\" is deprecated and will "
                + "be rejected in the next major release, use \"true\" or \"all\"");
    }

    @Test
    void parsesARangeQuery() {
        RangeQueryRequest request = parser.rangeQuery(RequestParameters.of("query", "rate(x[5m])", "start",
                "2015-07-01T20:10:30.781Z", "end", "2015-07-01T20:11:00.781Z", "step", "15s"));
        assertThat(request.startMillis()).isEqualTo(1_435_781_430_781L);
        assertThat(request.endMillis()).isEqualTo(1_435_781_460_781L);
        assertThat(request.stepMillis()).isEqualTo(15_000);
        assertThat(request.step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(parser.rangeQuery(RequestParameters.of("start", "0", "end", "1", "step", "0.0005")).stepMillis())
                .isZero();
    }

    @Test
    void allowsExactlyElevenThousandSteps() {
        assertThat(parser.rangeQuery(RequestParameters.of("start", "0", "end", "11000", "step", "1")).endMillis())
                .isEqualTo(11_000_000);
        assertThat(parser.rangeQuery(RequestParameters.of("start", "0", "end", "11000.999", "step", "1")).endMillis())
                .isEqualTo(11_000_999);
        assertThatThrownBy(() -> parser.rangeQuery(RequestParameters.of("start", "0", "end", "11001", "step", "1")))
                .hasMessage("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                        + "resolution (?step=XX)");
        // The whole range saturates at Go's largest duration instead of overflowing.
        assertThatThrownBy(() -> parser.rangeQuery(RequestParameters.of("start", "-292273086-05-16T16:47:06Z", "end",
                "292277025-08-18T07:12:54.999999999Z", "step", "1s")))
                .hasMessageStartingWith("exceeded maximum resolution");
    }

    static List<Arguments> rangeQueryErrors() {
        return List.of(
                error("missing start", RequestParameters.of("end", "1", "step", "1"),
                        "invalid parameter \"start\": cannot parse \"\" to a valid timestamp"),
                error("bad start", RequestParameters.of("start", "yesterday", "end", "1", "step", "1"),
                        "invalid parameter \"start\": cannot parse \"yesterday\" to a valid timestamp"),
                error("bad end", RequestParameters.of("start", "1", "end", "1.5x", "step", "1"),
                        "invalid parameter \"end\": cannot parse \"1.5x\" to a valid timestamp"),
                error("end before start", RequestParameters.of("start", "2", "end", "1", "step", "1"),
                        "invalid parameter \"end\": end timestamp must not be before start time"),
                error("missing step", RequestParameters.of("start", "1", "end", "2"),
                        "invalid parameter \"step\": cannot parse \"\" to a valid duration"),
                error("bad step", RequestParameters.of("start", "1", "end", "2", "step", "1x"),
                        "invalid parameter \"step\": cannot parse \"1x\" to a valid duration"),
                error("huge step", RequestParameters.of("start", "1", "end", "2", "step", "1e19"),
                        "invalid parameter \"step\": cannot parse \"1e19\" to a valid duration. It overflows int64"),
                error("zero step", RequestParameters.of("start", "1", "end", "2", "step", "0"),
                        "invalid parameter \"step\": zero or negative query resolution step widths are not "
                                + "accepted. Try a positive integer"),
                error("negative step", RequestParameters.of("start", "1", "end", "2", "step", "-1"),
                        "invalid parameter \"step\": zero or negative query resolution step widths are not "
                                + "accepted. Try a positive integer"),
                error("NaN step", RequestParameters.of("start", "1", "end", "2", "step", "NaN"),
                        "invalid parameter \"step\": zero or negative query resolution step widths are not "
                                + "accepted. Try a positive integer"),
                error("too many points", RequestParameters.of("start", "0", "end", "1d", "step", "1"),
                        "invalid parameter \"end\": cannot parse \"1d\" to a valid timestamp"),
                error("too many points", RequestParameters.of("start", "0", "end", "86400", "step", "7"),
                        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                                + "resolution (?step=XX)"),
                error("bad timeout", RequestParameters.of("start", "0", "end", "1", "step", "1", "timeout", "soon"),
                        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration"),
                error("bad lookback delta", RequestParameters.of("start", "0", "end", "1", "step", "1",
                        "lookback_delta", "5 m"),
                        "error parsing lookback delta duration: cannot parse \"5 m\" to a valid duration"),
                error("bad limit first", RequestParameters.of("limit", "x", "start", "bad"),
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"x\": invalid syntax"),
                error("negative limit", RequestParameters.of("limit", "-1"),
                        "invalid parameter \"limit\": limit must be non-negative"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeQueryErrors")
    void rejectsRangeQueriesWithPrometheusMessages(RequestParameters parameters, String message) {
        assertThatThrownBy(() -> parser.rangeQuery(parameters))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ApiErrorType.BAD_DATA))
                .hasMessage(message);
    }

    static List<Arguments> instantQueryErrors() {
        return List.of(
                error("bad time", RequestParameters.of("time", "noon"),
                        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"noon\" to a valid "
                                + "timestamp"),
                error("bad timeout", RequestParameters.of("timeout", "1 minute"),
                        "invalid parameter \"timeout\": cannot parse \"1 minute\" to a valid duration"),
                error("limit before time", RequestParameters.of("limit", "99999999999999999999", "time", "noon"),
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"99999999999999999999\": value out of "
                                + "range"),
                error("time before timeout", RequestParameters.of("timeout", "x", "time", "noon"),
                        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"noon\" to a valid "
                                + "timestamp"),
                error("bad lookback delta", RequestParameters.of("lookback_delta", "-1m"),
                        "error parsing lookback delta duration: cannot parse \"-1m\" to a valid duration"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("instantQueryErrors")
    void rejectsInstantQueriesWithPrometheusMessages(RequestParameters parameters, String message) {
        assertThatThrownBy(() -> parser.instantQuery(parameters)).isInstanceOf(ApiException.class).hasMessage(message);
    }

    @Test
    void parsesLabelNameRequestsWithDefaultsAndMatchers() {
        LabelNamesRequest request = parser.labelNames(RequestParameters.of(Map.of(
                "match[]", List.of("up", "{job=~\"a.*\", env!=\"\"}"), "limit", List.of("3"))));
        assertThat(request.start()).isEqualTo(ApiTime.MIN);
        assertThat(request.end()).isEqualTo(ApiTime.MAX);
        assertThat(request.limit()).isEqualTo(3);
        assertThat(request.matcherSets()).containsExactly(
                List.of(Matcher.equal("__name__", "up")),
                List.of(Matcher.regex("job", "a.*"), Matcher.notEqual("env", "")));
        assertThat(parser.labelNames(RequestParameters.of()).matcherSets()).isEmpty();
    }

    static List<Arguments> labelErrors() {
        return List.of(
                error("bad start", RequestParameters.of("start", "x"),
                        "invalid parameter \"start\": invalid time value for 'start': cannot parse \"x\" to a valid "
                                + "timestamp"),
                error("bad end", RequestParameters.of("end", "x"),
                        "invalid parameter \"end\": invalid time value for 'end': cannot parse \"x\" to a valid "
                                + "timestamp"),
                error("selector that does not parse", RequestParameters.of("match[]", "up{"),
                        "1:4: parse error: unexpected end of input inside braces"),
                error("selector matching everything", RequestParameters.of("match[]", "{job=~\".*\"}"),
                        "match[] must contain at least one non-empty matcher"),
                error("empty selector", RequestParameters.of("match[]", "{}"),
                        "match[] must contain at least one non-empty matcher"),
                error("bad limit", RequestParameters.of("limit", "1.5"),
                        "invalid parameter \"limit\": strconv.Atoi: parsing \"1.5\": invalid syntax"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelErrors")
    void rejectsLabelRequestsWithPrometheusMessages(RequestParameters parameters, String message) {
        assertThatThrownBy(() -> parser.labelNames(parameters)).isInstanceOf(ApiException.class).hasMessage(message);
        assertThatThrownBy(() -> parser.labelValues("job", parameters)).isInstanceOf(ApiException.class)
                .hasMessage(message);
    }

    @Test
    void decodesTheLabelNameOfLabelValuesRequests() {
        assertThat(parser.labelValues("U__service_2e_name", RequestParameters.of()).labelName())
                .isEqualTo("service.name");
        assertThat(parser.labelValues("service.name", RequestParameters.of("end", "1")).end())
                .isEqualTo(new ApiTime(1, 0));
        // The name is checked before anything else.
        assertThatThrownBy(() -> parser.labelValues("", RequestParameters.of("limit", "x")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ApiErrorType.BAD_DATA))
                .hasMessage("invalid label name: \"\"");
    }

    @Test
    void parsesSeriesRequests() {
        SeriesRequest request = parser.series(RequestParameters.of("match[]", "up", "start", "1", "end", "2"));
        assertThat(request.matcherSets()).containsExactly(List.of(Matcher.equal("__name__", "up")));
        assertThat(request.start()).isEqualTo(new ApiTime(1, 0));
        assertThatThrownBy(() -> parser.series(RequestParameters.of("start", "x")))
                .hasMessage("no match[] parameter provided");
        assertThatThrownBy(() -> parser.series(RequestParameters.of("match[]", "up", "limit", "-2")))
                .hasMessage("invalid parameter \"limit\": limit must be non-negative");
        assertThatThrownBy(() -> parser.series(RequestParameters.of("match[]", "{a=\"\"}")))
                .hasMessage("invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
        // Prometheus 3 reports errors in an empty input at "unknown position" (2.x said 1:1).
        assertThatThrownBy(() -> parser.series(RequestParameters.of("match[]", "")))
                .hasMessage("invalid parameter \"match[]\": unknown position: parse error: unexpected end of input");
        assertThatThrownBy(() -> parser.series(RequestParameters.of("match[]", "up", "start", "x")))
                .hasMessage("invalid parameter \"start\": invalid time value for 'start': cannot parse \"x\" to a "
                        + "valid timestamp");
    }

    @Test
    void parsesExemplarQueriesAndCollectsTheirSelectors() {
        ExemplarQueryRequest request = parser.exemplars(RequestParameters.of("query",
                "sum(rate(a[5m])) / on() group_left count(b) or topk(2, c offset 1m)"));
        assertThat(request.selectors()).containsExactly(List.of(Matcher.equal("__name__", "a")),
                List.of(Matcher.equal("__name__", "b")), List.of(Matcher.equal("__name__", "c")));
        assertThat(request.start()).isEqualTo(ApiTime.MIN);
        assertThat(parser.exemplars(RequestParameters.of("query", "1 + 1")).selectors()).isEmpty();
        assertThatThrownBy(() -> parser.exemplars(RequestParameters.of("query", "up", "start", "2", "end", "1")))
                .hasMessage("end timestamp must not be before start timestamp");
        assertThatThrownBy(() -> parser.exemplars(RequestParameters.of("query", "up +")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ApiErrorType.BAD_DATA))
                .hasMessage("1:5: parse error: unexpected end of input");
    }

    @Test
    void walksLongOperatorChainsWithoutRecursingIntoEachOperand() {
        StringBuilder query = new StringBuilder("m0");
        for (int i = 1; i < 20_000; i++) {
            query.append(" or m").append(i);
        }
        ExemplarQueryRequest request = parser.exemplars(RequestParameters.of("query", query.toString()));
        assertThat(request.selectors()).hasSize(20_000);
        assertThat(request.selectors().get(19_999)).containsExactly(Matcher.equal("__name__", "m19999"));
    }

    @Test
    void parsesMetadataRequestsWithPrometheusLimitSemantics() {
        assertThat(parser.metadata(RequestParameters.of())).isEqualTo(new MetadataRequest("", -1, -1));
        MetadataRequest request = parser.metadata(RequestParameters.of("metric", "up", "limit", "0",
                "limit_per_metric", "2"));
        assertThat(request).isEqualTo(new MetadataRequest("up", 0, 2));
        assertThat(request.limited()).isTrue();
        assertThat(request.limitedPerMetric()).isTrue();
        assertThat(parser.metadata(RequestParameters.of("limit", "-5")).limited()).isFalse();
        assertThatThrownBy(() -> parser.metadata(RequestParameters.of("limit", "x")))
                .hasMessage("limit must be a number");
        assertThatThrownBy(() -> parser.metadata(RequestParameters.of("limit_per_metric", "1.0")))
                .hasMessage("limit_per_metric must be a number");
    }

    @Test
    void formatsAndParsesQueries() {
        assertThat(parser.formatQuery(RequestParameters.of("query", "foo/bar"))).isEqualTo("foo / bar");
        assertThat(parser.query(RequestParameters.of("query", "sum(x)"))).isNotNull();
        assertThatThrownBy(() -> parser.formatQuery(RequestParameters.of("query", "foo/")))
                .hasMessage("invalid parameter \"query\": 1:5: parse error: unexpected end of input");
        assertThatThrownBy(() -> parser.query(RequestParameters.of()))
                .hasMessageStartingWith("invalid parameter \"query\": ");
    }

    private static Arguments error(String name, RequestParameters parameters, String message) {
        return arguments(Named.of(name, parameters), message);
    }
}
