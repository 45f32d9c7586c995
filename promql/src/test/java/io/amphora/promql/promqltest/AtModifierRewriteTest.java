package io.amphora.promql.promqltest;

import io.amphora.promql.parser.ParseException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AtModifierRewriteTest {
    private final AtModifierRewrite rewrite = new AtModifierRewrite();

    static Stream<Arguments> rewrites() {
        return Stream.of(
                arguments(Named.of("vector selector", "m{a=\"b\"}"), "m{a=\"b\"} @ 100.000"),
                arguments(Named.of("range selector keeps its offset", "rate(m[5m] offset 1m)"),
                        "rate(m[5m] @ 100.000 offset 1m)"),
                arguments(Named.of("fixed @ is kept", "m @ 50 + n"), "m @ 50.000 + n @ 100.000"),
                arguments(Named.of("@ start() and @ end() become the eval time", "m @ start() - n @ end()"),
                        "m @ 100.000 - n @ 100.000"),
                arguments(Named.of("subquery gets @, its inside is untouched", "max_over_time(rate(m[1m])[5m:1m])"),
                        "max_over_time(rate(m[1m])[5m:1m] @ 100.000)"),
                arguments(Named.of("subquery with fixed @ is untouched", "max_over_time(m[5m:1m] @ 20)"),
                        "max_over_time(m[5m:1m] @ 20.000)"),
                arguments(Named.of("aggregation and its parameter", "topk(scalar(k), m)"),
                        "topk(scalar(k @ 100.000), m @ 100.000)"),
                arguments(Named.of("literals and strings", "label_replace(-(m), \"a\", \"$1\", \"b\", \"(.*)\")"),
                        "label_replace(-(m @ 100.000), \"a\", \"$1\", \"b\", \"(.*)\")"),
                arguments(Named.of("time-dependent function inside a subquery is not looked for",
                        "max_over_time(timestamp(m)[5m:1m])"), "max_over_time(timestamp(m)[5m:1m] @ 100.000)"));
    }

    @ParameterizedTest
    @MethodSource("rewrites")
    void pinsEverySelectorAndSubqueryToTheEvalTime(String expression, String expected) {
        assertThat(rewrite.rewrite(expression, 100_000)).contains(expected);
    }

    @ParameterizedTest
    @MethodSource("timeDependent")
    void skipsExpressionsCallingTimeDependentFunctions(String expression) {
        assertThat(rewrite.rewrite(expression, 100_000)).isEqualTo(Optional.empty());
    }

    static Stream<String> timeDependent() {
        return Stream.of("time()", "sum(timestamp(m))", "hour(m)", "predict_linear(m[5m], 60)", "m + step()",
                "days_in_month()");
    }

    @Test
    void longOperatorChainsDoNotExhaustTheStack() {
        String chain = "m" + " or m".repeat(5000);

        assertThat(rewrite.rewrite(chain, 0)).hasValueSatisfying(text -> assertThat(text).startsWith("m @ 0.000 or"));
    }

    @Test
    void evaluatesAtMinusTenTimesZeroAFifthOnceAndTenTimesTheEvalTime() {
        assertThat(AtModifierRewrite.evaluationTimes(100_000)).containsExactly(-1_000_000L, 0L, 20_000L, 100_000L,
                1_000_000L);
        assertThat(AtModifierRewrite.evaluationTimes(0)).containsExactly(-1000L, 0L, 1000L);
        assertThat(AtModifierRewrite.evaluationTimes(7)).containsExactly(-70L, 0L, 1L, 7L, 70L);
    }

    @Test
    void rangeModeIsSkippedForQueryContextCalls() {
        assertThat(AtModifierRewrite.callsQueryContextFunction("m[step()]")).isTrue();
        assertThat(AtModifierRewrite.callsQueryContextFunction("m @ start()")).isTrue();
        assertThat(AtModifierRewrite.callsQueryContextFunction("range(m)")).isFalse();
        assertThat(AtModifierRewrite.callsQueryContextFunction("m")).isFalse();
    }

    @Test
    void rejectsAnExpressionThatDoesNotParse() {
        assertThatThrownBy(() -> rewrite.rewrite("sum(", 0)).isInstanceOf(ParseException.class);
    }
}
