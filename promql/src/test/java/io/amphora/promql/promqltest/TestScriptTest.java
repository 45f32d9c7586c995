package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class TestScriptTest {
    private static List<TestCommand> parse(String... lines) {
        return TestScript.parse("t.test", String.join("\n", lines)).commands();
    }

    private static Eval onlyEval(String... lines) {
        List<TestCommand> commands = parse(lines);
        assertThat(commands).hasSize(1);
        return (Eval) commands.getFirst();
    }

    private static List<SeriesDescription> series(Eval eval) {
        return ((ExpectedResult.Series) eval.result()).series();
    }

    @Test
    void readsCommandsInFileOrderWithTheirLines() {
        List<TestCommand> commands = parse(
                "# a comment",
                "load 5m",
                "  http_requests{job=\"api\"} 0+10x10",
                "",
                "eval instant at 50m http_requests",
                "  http_requests{job=\"api\"} 100",
                "",
                "clear");

        assertThat(commands).extracting(TestCommand::location).containsExactly(
                new SourceLocation("t.test", 2), new SourceLocation("t.test", 5), new SourceLocation("t.test", 8));
        assertThat(commands).extracting(command -> command.getClass().getSimpleName())
                .containsExactly("Load", "Eval", "Clear");
    }

    @Test
    void loadsSamplesAtMultiplesOfTheInterval() {
        Load load = (Load) parse("load 5m", "  m{a=\"1\"} 0+10x2 _ stale {{count:1}}").getFirst();

        assertThat(load.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(load.withNhcb()).isFalse();
        SeriesDescription series = load.series().getFirst();
        assertThat(series.labels()).isEqualTo(Labels.of("__name__", "m", "a", "1"));
        assertThat(load.samples(series)).extracting(Sample::timestamp)
                .containsExactly(0L, 300_000L, 600_000L, 1_200_000L, 1_500_000L);
        assertThat(load.samples(series).get(3).value()).isEqualTo(SequenceValue.staleMarker());
        assertThat(load.samples(series)).extracting(Sample::startTimestamp).containsOnly(0L);
        assertThat(load.loadedSeries()).singleElement()
                .satisfies(loaded -> assertThat(loaded.samples()).isEqualTo(load.samples(series)));
    }

    @Test
    void readsLoadWithNhcbAndIntervalsOfSeveralUnits() {
        Load load = (Load) parse("load_with_nhcb 1h30m", "  m_bucket{le=\"1\"} 1").getFirst();

        assertThat(load.withNhcb()).isTrue();
        assertThat(load.interval()).isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void replacesARepeatedLabelSetWithinOneLoad() {
        Load load = (Load) parse("load 1m", "  m 1 2", "  other 5", "  m 3").getFirst();

        assertThat(load.series()).extracting(SeriesDescription::labels)
                .containsExactly(Labels.of("__name__", "other"), Labels.of("__name__", "m"));
        assertThat(load.series().getLast().values()).containsExactly(SequenceValue.of(3));
        assertThat(load.series().getLast().location().line()).isEqualTo(4);
    }

    @Test
    void attachesStartTimestampsFromAnAtStLine() {
        Load load = (Load) parse(
                "load 1m",
                "  c{a=\"1\"}@st _ -30s-1mx1 0 5msx1 -1m",
                "  c{a=\"1\"} 1 2 3 4 5 6 7").getFirst();

        SeriesDescription series = load.series().getFirst();
        assertThat(series.startOffsets()).containsExactly(OptionalLong.empty(), OptionalLong.of(-30_000),
                OptionalLong.of(-90_000), OptionalLong.of(0), OptionalLong.of(5), OptionalLong.of(5),
                OptionalLong.of(-60_000));
        assertThat(load.samples(series)).extracting(Sample::startTimestamp)
                .containsExactly(0L, 30_000L, 30_000L, 180_000L, 240_005L, 300_005L, 300_000L);
    }

    @Test
    void readsOmittedStartTimestampRuns() {
        Load load = (Load) parse("load 1m", "  d@st _x2 -1msx1", "  d 1 2 3 4").getFirst();

        assertThat(load.series().getFirst().startOffsets()).containsExactly(OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.of(-1), OptionalLong.of(-1));
    }

    static Stream<Arguments> malformedStartTimestamps() {
        return Stream.of(
                malformed("the metric must match the next line", List.of("load 1m", "  a@st 0", "  b 1"), 2,
                        "does not match"),
                malformed("one offset per value", List.of("load 1m", "  a@st 0 0", "  a 1"), 2,
                        "@st line has 2 values but the sample line has 1"),
                malformed("an @st line needs a sample line", List.of("load 1m", "  a@st 0"), 2,
                        "@st line has no following sample line"),
                malformed("two @st lines in a row", List.of("load 1m", "  a@st 0", "  a@st 0", "  a 1"), 2,
                        "@st line has no following sample line"),
                malformed("_x0 is not a run", List.of("load 1m", "  a@st _x0", "  a"), 2, "invalid repeat count"),
                malformed("compound durations are not offsets", List.of("load 1m", "  a@st 1m30s", "  a 1"), 2,
                        "unexpected character '3' after duration"),
                malformed("a step needs its count", List.of("load 1m", "  a@st 1m+1m", "  a 1"), 2,
                        "expected 'x<count>' after step duration"));
    }

    @ParameterizedTest
    @MethodSource("malformedStartTimestamps")
    void rejectsMalformedStartTimestampLines(List<String> lines, int line, String message) {
        assertThatThrownBy(() -> parse(lines.toArray(String[]::new)))
                .isInstanceOfSatisfying(TestScriptFormatException.class,
                        e -> assertThat(e.location()).isEqualTo(new SourceLocation("t.test", line)))
                .hasMessageContaining(message);
    }

    @Test
    void readsAnInstantEvalWithItsExpectedVector() {
        Eval eval = onlyEval(
                "eval instant at 1h30m sum by (job) ( rate(x[5m]) )",
                "  {job=\"a\"} 1.5",
                "  {} -Inf");

        assertThat(eval.kind()).isEqualTo(Eval.Kind.INSTANT);
        assertThat(eval.time()).isEqualTo(5_400_000L);
        assertThat(eval.queryTime()).isEqualTo(5_400_000L);
        assertThat(eval.expression()).isEqualTo("sum by (job) ( rate(x[5m]) )");
        assertThat(series(eval)).extracting(SeriesDescription::labels)
                .containsExactly(Labels.of("job", "a"), Labels.empty());
        assertThat(eval.expectedSamples(series(eval).getLast()))
                .containsExactly(new Sample(5_400_000L, SequenceValue.of(Double.NEGATIVE_INFINITY)));
        assertThat(eval.failure()).isEmpty();
        assertThat(eval.warnings().checked()).isFalse();
        assertThat(eval.infos().checked()).isFalse();
        assertThat(eval.ordered()).isFalse();
        assertThat(eval.excludedFromRangeModeCheck()).isFalse();
    }

    @Test
    void readsAnEvalWithoutExpectedLinesAsAnEmptyResult() {
        List<TestCommand> commands = parse("eval instant at 0 absent_metric", "", "eval instant at 0 other");

        assertThat(commands).hasSize(2);
        assertThat(((Eval) commands.getFirst()).result()).isEqualTo(ExpectedResult.Series.EMPTY);
    }

    @Test
    void endsTheBlockAtABareScalar() {
        List<TestCommand> commands = parse(
                "eval instant at 10s time()",
                "  10",
                "eval instant at 0 1e3",
                "  0x3E8");

        assertThat(commands).extracting(command -> ((Eval) command).result())
                .containsExactly(new ExpectedResult.Scalar(10), new ExpectedResult.Scalar(1000));
        assertThatThrownBy(() -> parse("eval instant at 0 1", "  1", "  {} 1"))
                .hasMessage("t.test:3: invalid command \"{} 1\"");
    }

    @Test
    void readsARangeEvalAndMapsValuesToSteps() {
        Eval eval = onlyEval(
                "eval range from 0 to 20m step 5m http_requests offset 10m",
                "  http_requests{job=\"api\"} _ _ 0 10 20",
                "  {} 1x4");

        assertThat(eval.kind()).isEqualTo(Eval.Kind.RANGE);
        assertThat(eval.start()).isZero();
        assertThat(eval.end()).isEqualTo(1_200_000L);
        assertThat(eval.step()).isEqualTo(Duration.ofMinutes(5));
        assertThat(eval.expression()).isEqualTo("http_requests offset 10m");
        assertThat(eval.expectedSamples(series(eval).getFirst())).containsExactly(
                new Sample(600_000L, SequenceValue.of(0)),
                new Sample(900_000L, SequenceValue.of(10)),
                new Sample(1_200_000L, SequenceValue.of(20)));
        assertThat(series(eval)).noneMatch(eval::valuesPastEnd);
        assertThatThrownBy(eval::time).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findsExpectedValuesPastTheEndOfTheRange() {
        Eval eval = onlyEval("eval range from 0 to 2m step 1m m", "  m 1 2 3 4");

        assertThat(eval.valuesPastEnd(series(eval).getFirst())).isTrue();
    }

    @Test
    void readsExpectLines() {
        Eval eval = onlyEval(
                "eval instant at 0 sort(x)",
                "  expect ordered",
                "  expect warn msg: PromQL warning: something (1:6)",
                "  expect warn regex:   something \\(\\d+:\\d+\\)  ",
                "  expect info",
                "  {a=\"1\"} 1",
                "  {a=\"2\"} 2");

        assertThat(eval.ordered()).isTrue();
        assertThat(eval.warnings()).isEqualTo(new AnnotationExpectation(false, List.of(
                new TextMatch.Exact("PromQL warning: something (1:6)"),
                new TextMatch.Regex("something \\(\\d+:\\d+\\)")), false));
        assertThat(eval.infos()).isEqualTo(new AnnotationExpectation(false, List.of(TextMatch.ANY), false));
        assertThat(series(eval)).extracting(SeriesDescription::labels)
                .containsExactly(Labels.of("a", "1"), Labels.of("a", "2"));
    }

    @Test
    void readsForbiddenAnnotations() {
        Eval eval = onlyEval("eval instant at 0 x", "  expect no_warn", "  expect no_info");

        assertThat(eval.warnings()).isEqualTo(new AnnotationExpectation(false, List.of(), true));
        assertThat(eval.infos()).isEqualTo(new AnnotationExpectation(false, List.of(), true));
    }

    @Test
    void readsExpectedFailures() {
        Eval any = onlyEval("eval instant at 0 x", "  expect fail");
        Eval exact = onlyEval("eval range from 0 to 1m step 1m x", "  expect fail msg: vector cannot contain metrics");
        Eval pattern = onlyEval("eval instant at 0 x", "  expect fail regex: conflicting label");

        assertThat(any.failure()).contains(new ExpectedFailure(List.of()));
        assertThat(exact.failure()).contains(new ExpectedFailure(
                List.of(new TextMatch.Exact("vector cannot contain metrics"))));
        assertThat(pattern.failure()).contains(new ExpectedFailure(List.of(new TextMatch.Regex("conflicting label"))));
        assertThat(pattern.expectsFailure()).isTrue();
    }

    @Test
    void readsDeprecatedHeaders() {
        List<TestCommand> commands = parse(
                "eval_fail instant at 0 x",
                "  expected_fail_message exact text",
                "eval_fail range from 0 to 1m step 30s x",
                "  expected_fail_regexp ^some.*$",
                "eval_warn instant at 0 x",
                "",
                "eval_info range from 0 to 0 step 1m x",
                "",
                "eval_ordered instant at 0 x",
                "",
                "eval_fail instant at 0 x",
                "  expected_fail_message",
                "eval_fail instant at 0 x");

        List<Eval> evals = commands.stream().map(Eval.class::cast).toList();
        assertThat(evals).hasSize(7);
        assertThat(evals.get(0).failure()).contains(new ExpectedFailure(List.of(new TextMatch.Exact("exact text"))));
        assertThat(evals.get(1).failure()).contains(new ExpectedFailure(List.of(new TextMatch.Regex("^some.*$"))));
        assertThat(evals.get(2).warnings()).isEqualTo(new AnnotationExpectation(true, List.of(), false));
        assertThat(evals.get(3).infos()).isEqualTo(new AnnotationExpectation(true, List.of(), false));
        assertThat(evals.get(4).ordered()).isTrue();
        assertThat(evals.get(5).failure()).contains(new ExpectedFailure(List.of()));
        assertThat(evals.get(6).failure()).contains(new ExpectedFailure(List.of()));
    }

    @Test
    void readsExpectString() {
        assertThat(onlyEval("eval instant at 0 \"Foo\"", "  expect string \"Foo\"").result())
                .isEqualTo(new ExpectedResult.StringValue("Foo"));
        assertThat(onlyEval("eval instant at 0 `Foo`", "  expect string ` Foo `").result())
                .isEqualTo(new ExpectedResult.StringValue(" Foo "));
        Eval empty = onlyEval("eval instant at 0 \"\"", "  expect string \"\"");
        assertThat(empty.result()).isEqualTo(new ExpectedResult.StringValue(""));
        assertThat(empty.excludedFromRangeModeCheck()).isTrue();
    }

    @Test
    void readsExpectRangeVector() {
        Eval eval = onlyEval(
                "eval instant at 10m m[50s]",
                "  expect range vector from 10s to 1m step 10s",
                "  m{a=\"1\"} 1 _ 3 4 5 6");

        assertThat(eval.time()).isEqualTo(600_000L);
        assertThat(eval.queryTime()).isEqualTo(60_000L);
        assertThat(eval.rangeVector()).contains(new Eval.StepRange(10_000L, 60_000L, Duration.ofSeconds(10)));
        assertThat(eval.grid()).isEqualTo(eval.rangeVector().orElseThrow());
        assertThat(eval.expectedSamples(series(eval).getFirst())).extracting(Sample::timestamp)
                .containsExactly(10_000L, 30_000L, 40_000L, 50_000L, 60_000L);
        assertThat(eval.excludedFromRangeModeCheck()).isTrue();
    }

    @Test
    void keepsHistogramExpectations() {
        Eval eval = onlyEval("eval range from 0 to 2m step 1m h", "  h {{count:1}}+{{count:1}}x2");

        assertThat(eval.expectedSamples(series(eval).getFirst())).extracting(sample -> sample.value().toString())
                .containsExactly("{{count:1}}", "{{count:2}}", "{{count:3}}");
    }

    @Test
    void readsCommandWordsCaseInsensitivelyAndWindowsLineEnds() {
        List<TestCommand> commands = TestScript.parse("t.test", "CLEAR\r\nload 1m\r\n  m 1\r\n\r\nclear\r\n")
                .commands();

        assertThat(commands).extracting(command -> command.getClass().getSimpleName())
                .containsExactly("Clear", "Load", "Clear");
    }

    @Test
    void treatsACommentLineAsTheEndOfABlock() {
        List<TestCommand> commands = parse("load 1m", "  m 1", "# comment", "eval instant at 0 m", "  m 1");

        assertThat(commands).hasSize(2);
    }

    static Stream<Arguments> malformedScripts() {
        return Stream.of(
                malformed("an unknown command", List.of("run x"), 1, "invalid command \"run x\""),
                malformed("a word starting with eval that is no eval header", List.of("evaluate x"), 1,
                        "invalid evaluation command"),
                malformed("a load without interval", List.of("load"), 1, "invalid load command"),
                malformed("an interval that is not a duration", List.of("load 5"), 1,
                        "invalid interval definition \"5\""),
                malformed("load is case-sensitive after the first word check", List.of("LOAD 5m"), 1,
                        "invalid load command"),
                malformed("a malformed series in a load", List.of("load 1m", "  m 1", "  m2 1 x"), 3,
                        "expected number or \"stale\""),
                malformed("an instant eval without at", List.of("eval instant 5m x"), 1,
                        "invalid evaluation command"),
                malformed("an eval without expression", List.of("eval instant at 5m"), 1,
                        "invalid evaluation command"),
                malformed("a bad eval time", List.of("eval instant at 5x x"), 1, "invalid timestamp definition"),
                malformed("ordered range evals do not exist", List.of("eval_ordered range from 0 to 1m step 1m x"), 1,
                        "invalid evaluation command"),
                malformed("a range ending before it starts", List.of("eval range from 2m to 1m step 1m x"), 1,
                        "end timestamp (1m) is before start timestamp (2m)"),
                malformed("several values in an instant eval", List.of("eval instant at 0 x", "  x 1 2"), 2,
                        "expecting multiple values in instant evaluation not allowed"),
                malformed("an expected series without values", List.of("eval instant at 0 x", "  x"), 2,
                        "has no values"),
                malformed("an expected series listed twice", List.of("eval instant at 0 x", "  x 1", "  x 2"), 3,
                        "listed twice"),
                malformed("an unknown expect kind", List.of("eval instant at 0 x", "  expect warning"), 2,
                        "invalid expect statement"),
                malformed("msg without text", List.of("eval instant at 0 x", "  expect fail msg:"), 2,
                        "invalid expect statement"),
                malformed("an invalid regex", List.of("eval instant at 0 x", "  expect warn regex: (a"), 2,
                        "invalid regex (a"),
                malformed("two expect fail lines", List.of("eval instant at 0 x", "  expect fail", "  expect fail"),
                        3, "multiple expect fail lines are not allowed"),
                malformed("warn and no_warn", List.of("eval instant at 0 x", "  expect warn", "  expect no_warn"), 3,
                        "warn and no_warn cannot be used together"),
                malformed("info and no_info", List.of("eval instant at 0 x", "  expect no_info", "  expect info"), 3,
                        "info and no_info cannot be used together"),
                malformed("ordered on a range eval",
                        List.of("eval range from 0 to 1m step 1m x", "  expect ordered"), 2,
                        "expect ordered is only valid for instant evals"),
                malformed("a scalar in a range eval", List.of("eval range from 0 to 1m step 1m x", "  1"), 2,
                        "a range eval returns a matrix"),
                malformed("a range vector in a range eval",
                        List.of("eval range from 0 to 1m step 1m x", "  expect range vector from 0 to 1m step 1m"), 2,
                        "expect range vector is only valid for instant evals"),
                malformed("a malformed range vector line",
                        List.of("eval instant at 0 x", "  expect range vector from 0 to 1m"), 2,
                        "expect range vector from <start> to <end> step <step>"),
                malformed("an unquoted expected string", List.of("eval instant at 0 x", "  expect string Foo"), 2,
                        "check that the string is correctly quoted"),
                malformed("an expected string without text", List.of("eval instant at 0 x", "  expect string"), 2,
                        "a quoted string literal is required"),
                malformed("a string and series", List.of("eval instant at 0 x", "  expect string \"a\"", "  x 1"), 3,
                        "cannot be combined with expect string"),
                malformed("expected_fail_message needs eval_fail",
                        List.of("eval instant at 0 x", "  expected_fail_message boom"), 2,
                        "expected number or \"stale\""),
                malformed("an invalid expected_fail_regexp",
                        List.of("eval_fail instant at 0 x", "  expected_fail_regexp [a"), 2, "invalid regex"));
    }

    private static Arguments malformed(String name, List<String> lines, int line, String message) {
        return arguments(Named.of(name, lines), line, message);
    }

    @ParameterizedTest
    @MethodSource("malformedScripts")
    void rejectsMalformedScriptsNamingFileAndLine(List<String> lines, int line, String message) {
        assertThatThrownBy(() -> parse(lines.toArray(String[]::new)))
                .isInstanceOfSatisfying(TestScriptFormatException.class, e -> {
                    assertThat(e.location()).isEqualTo(new SourceLocation("t.test", line));
                    assertThat(e.getMessage()).startsWith("t.test:" + line + ":");
                })
                .hasMessageContaining(message);
    }

    @Test
    void countsCommandsInStatistics() {
        TestScript script = TestScript.parse("t.test", String.join("\n",
                "load 1m",
                "  a 1 _ stale {{}}",
                "  b 2",
                "",
                "load_with_nhcb 1m",
                "  c_bucket{le=\"+Inf\"} 1",
                "",
                "eval instant at 0 a",
                "  expect fail",
                "",
                "eval range from 0 to 1m step 1m a",
                "",
                "clear"));

        Statistics statistics = script.statistics();
        assertThat(statistics).isEqualTo(new Statistics(1, 2, 1, 1, 1, 1, 1, 3, 4, 1));
        assertThat(statistics.evals()).isEqualTo(2);
        assertThat(statistics.commands()).isEqualTo(5);
        assertThat(statistics.commandsByKind()).containsExactly(Map.entry("load", 1), Map.entry("load_with_nhcb", 1),
                Map.entry("clear", 1), Map.entry("eval instant", 1), Map.entry("eval range", 1));
        assertThat(script.evals()).hasSize(2);
        assertThat(statistics.toString()).startsWith("1 files, 5 commands").contains("2 evals (1 expecting failure)");
    }
}
