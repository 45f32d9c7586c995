package io.amphora.promql.promqltest;

import io.amphora.model.Labels;
import io.amphora.promql.promqltest.HistogramDescription.CounterResetHint;
import io.amphora.promql.promqltest.SequenceValue.FloatValue;
import io.amphora.promql.promqltest.SequenceValue.HistogramValue;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SeriesDescriptionParserTest {
    private static final SourceLocation LOCATION = new SourceLocation("series.test", 7);

    private static SeriesDescription parse(String line) {
        return SeriesDescriptionParser.parse(line, LOCATION, 1);
    }

    private static List<Double> floats(String line) {
        return parse(line).values().stream().map(value -> ((FloatValue) value).value()).toList();
    }

    private static HistogramDescription histogram(String notation) {
        List<SequenceValue> values = parse("h " + notation).values();
        assertThat(values).hasSize(1);
        return ((HistogramValue) values.getFirst()).histogram();
    }

    @Test
    void readsMetricNameAndLabels() {
        SeriesDescription series = parse("http_requests{job=\"api\", instance=\"0\"} 1");

        assertThat(series.labels()).isEqualTo(Labels.of("__name__", "http_requests", "job", "api", "instance", "0"));
        assertThat(series.location()).isEqualTo(LOCATION);
    }

    @Test
    void readsEveryLabelSetForm() {
        assertThat(parse("{} 1").labels()).isEqualTo(Labels.empty());
        assertThat(parse("{a=\"b\",} 1").labels()).isEqualTo(Labels.of("a", "b"));
        assertThat(parse("{__name__=\"up\", job='x'} 1").labels()).isEqualTo(Labels.of("__name__", "up", "job", "x"));
        assertThat(parse("{\"my.metric\", \"my.label\"=`raw\\n`} 1").labels())
                .isEqualTo(Labels.of("__name__", "my.metric", "my.label", "raw\\n"));
        assertThat(parse("ns:metric_total{ a = \"tab\\there\" } 1").labels())
                .isEqualTo(Labels.of("__name__", "ns:metric_total", "a", "tab\there"));
        assertThat(parse("sum 1").labels()).isEqualTo(Labels.of("__name__", "sum"));
    }

    @Test
    void dropsLabelsWithAnEmptyValue() {
        assertThat(parse("m{a=\"\", b=\"1\"} 1").labels()).isEqualTo(Labels.of("__name__", "m", "b", "1"));
    }

    @Test
    void allowsASeriesWithoutValues() {
        assertThat(parse("m{a=\"1\"}").values()).isEmpty();
    }

    @Test
    void expandsIncreasingAndDecreasingSequences() {
        assertThat(floats("m 0+10x3")).containsExactly(0.0, 10.0, 20.0, 30.0);
        assertThat(floats("m -1-1x3")).containsExactly(-1.0, -2.0, -3.0, -4.0);
        assertThat(floats("m 1-2x2")).containsExactly(1.0, -1.0, -3.0);
        assertThat(floats("m +5+0.5x1")).containsExactly(5.0, 5.5);
        assertThat(floats("m 7x2")).containsExactly(7.0, 7.0, 7.0);
        assertThat(floats("m 1e3x1 3")).containsExactly(1000.0, 1000.0, 3.0);
    }

    @Test
    void addsTheIncrementOneStepAtATimeLikePrometheus() {
        List<Double> values = floats("m 0+0.1x10");

        // Ten additions of 0.1 fall short of 1 in binary floating point; multiplying would give exactly 1.
        assertThat(values).hasSize(11);
        assertThat(values.getLast()).isEqualTo(0.9999999999999999).isNotEqualTo(10 * 0.1);
        assertThat(values.get(3)).isEqualTo(0.1 + 0.1 + 0.1);
    }

    @Test
    void marksGapsAsOmitted() {
        List<SequenceValue> values = parse("m 1 _ 3 _x3 4 _x0").values();

        assertThat(values).containsExactly(SequenceValue.of(1), SequenceValue.OMITTED, SequenceValue.of(3),
                SequenceValue.OMITTED, SequenceValue.OMITTED, SequenceValue.OMITTED, SequenceValue.of(4));
    }

    @Test
    void readsStaleAsPrometheusStaleNaN() {
        List<SequenceValue> values = parse("m 1 stale NaN").values();

        FloatValue stale = (FloatValue) values.get(1);
        assertThat(Double.doubleToRawLongBits(stale.value())).isEqualTo(0x7ff0000000000002L);
        assertThat(stale.isStaleMarker()).isTrue();
        assertThat(stale).isNotEqualTo(values.get(2));
        assertThat(((FloatValue) values.get(2)).isStaleMarker()).isFalse();
        assertThat(Double.isNaN(((FloatValue) values.get(2)).value())).isTrue();
    }

    @Test
    void readsSpecialAndGoStyleNumbers() {
        assertThat(floats("m Inf -Inf +Inf inf INF NaN nan")).containsExactly(Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.NaN, Double.NaN);
        // A leading 0 makes an integer octal, as Go's ParseInt(s, 0, 64) reads it; 08 is not octal, so a float.
        assertThat(floats("m 010 08 1_000 .5 5. 1.5e-3 -0")).containsExactly(8.0, 8.0, 1000.0, 0.5, 5.0, 0.0015,
                -0.0);
        assertThat(floats("m Inf+0x2")).containsExactly(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY);
    }

    @Test
    void readsZeroXAsARepetitionNotHexadecimal() {
        assertThat(floats("m 0x3")).containsExactly(0.0, 0.0, 0.0, 0.0);
    }

    static Stream<Arguments> malformedLines() {
        return Stream.of(
                malformed("a duration is not a value", "m 1m", 3, "bad number syntax: \"1m\""),
                malformed("stale cannot be repeated with x", "m stalex3", 3,
                        "unexpected \"stalex3\" in series values, expected number or \"stale\""),
                malformed("stale cannot start an expansion", "m stale+1x2", 3, "stale cannot start an expansion"),
                malformed("an expansion needs its count", "m 1+2", 6, "expected \"x\""),
                malformed("a repetition count is an unsigned integer", "m 1x2.5", 5,
                        "invalid repetition in series values: \"2.5\""),
                malformed("values are separated by whitespace", "m{a=\"b\"}1", 9, "expected whitespace"),
                malformed("a keyword the grammar refuses as a name", "bool 1", 1, "expected a metric name"),
                malformed("labels are written with =", "m{a=~\"b\"} 1", 4, "expected \"=\""),
                malformed("pairs are separated by commas", "m{a=\"b\" c=\"d\"} 1", 9, "expected \",\" or \"}\""),
                malformed("a string must be closed", "m{a=\"b} 1", 5, "unterminated quoted string"),
                malformed("a label name may appear once", "m{a=\"1\", a=\"2\"} 1", 10, "duplicate label name \"a\""),
                malformed("an unknown escape", "m{a=\"\\q\"} 1", 5, "unknown escape sequence"),
                malformed("a number out of float range", "m 1e400", 3, "value out of range"),
                malformed("a series cannot start with a number", "1 2", 1, "expected a metric name"),
                malformed("an identifier is not a value", "m foo", 3, "expected number or \"stale\""),
                malformed("a histogram key needs its colon right after it", "m {{schema: 1}}", 12,
                        "expected an integer for schema"),
                malformed("a histogram key is known", "m {{foo:1}}", 5, "bad histogram descriptor found: \"foo\""),
                malformed("a histogram key is followed by a colon", "m {{schema 1}}", 11,
                        "missing \":\" for histogram descriptor"),
                malformed("a histogram key appears once", "m {{sum:1 sum:2}}", 11, "duplicate key \"sum\""),
                malformed("a bucket list is not empty", "m {{buckets:[]}}", 14, "expected a number"),
                malformed("bucket lists hold numbers", "m {{buckets:[1 a]}}", 16, "expected a number"),
                malformed("schema is an integer", "m {{schema:1.5}}", 12, "invalid integer for schema"),
                malformed("the counter reset hint is one of four words", "m {{counter_reset_hint:maybe}}", 24,
                        "for counter_reset_hint"),
                malformed("no space after {{", "m {{ schema:1}}", 6, "expected \"}}\""),
                malformed("a histogram must be closed", "m {{schema:1", 3, "not closed"),
                malformed("a histogram expansion needs its count", "m {{}}+{{}}", 12, "expected \"x\""),
                malformed("a histogram expansion adds a histogram", "m {{}}+1x2", 8, "expected \"{{\""));
    }

    private static Arguments malformed(String name, String line, int column, String message) {
        return arguments(Named.of(name, line), column, message);
    }

    @ParameterizedTest
    @MethodSource("malformedLines")
    void rejectsMalformedLinesNamingFileLineAndColumn(String line, int column, String message) {
        assertThatThrownBy(() -> SeriesDescriptionParser.parse(line, LOCATION, 1))
                .isInstanceOfSatisfying(TestScriptFormatException.class, e -> {
                    assertThat(e.location()).isEqualTo(LOCATION);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).startsWith("series.test:7:" + column + ": ");
                })
                .hasMessageContaining(message);
    }

    @Test
    void countsColumnsFromTheStartOfTheFileLine() {
        assertThatThrownBy(() -> SeriesDescriptionParser.parse("m 1m", LOCATION, 5))
                .hasMessageStartingWith("series.test:7:7: ");
    }

    @Test
    void readsEveryHistogramField() {
        HistogramDescription h = histogram("{{schema:1 sum:-3.5 count:22 z_bucket:1 z_bucket_w:0.001 "
                + "buckets:[5 10 7] offset:-1 n_buckets:[1 2] n_offset:2 counter_reset_hint:gauge "
                + "custom_values:[0.1 1 10]}}");

        assertThat(h).isEqualTo(new HistogramDescription(1, -3.5, 22, 1, 0.001, List.of(5.0, 10.0, 7.0), -1,
                List.of(1.0, 2.0), 2, CounterResetHint.GAUGE, List.of(0.1, 1.0, 10.0)));
    }

    @Test
    void defaultsMissingHistogramFields() {
        assertThat(histogram("{{}}")).isEqualTo(HistogramDescription.EMPTY);
        assertThat(histogram("{{ }}")).isEqualTo(HistogramDescription.EMPTY);
        assertThat(histogram("{{schema:-53 custom_values:[-2 3] buckets:[1 Inf NaN -1 ] }}"))
                .isEqualTo(new HistogramDescription(-53, 0, 0, 0, 0, List.of(1.0, Double.POSITIVE_INFINITY,
                        Double.NaN, -1.0), 0, List.of(), 0, CounterResetHint.UNKNOWN, List.of(-2.0, 3.0)));
    }

    @Test
    void readsHistogramKeysAndHintsInAnyCase() {
        HistogramDescription h = histogram("{{SUM:Inf Count:1 Counter_Reset_Hint:NOT_RESET}}");

        assertThat(h.sum()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(h.count()).isEqualTo(1);
        assertThat(h.counterResetHint()).isEqualTo(CounterResetHint.NOT_RESET);
    }

    @Test
    void remembersWhetherTheCounterResetHintWasWritten() {
        List<SequenceValue> values = parse("h {{counter_reset_hint:unknown}} {{}}").values();

        assertThat(((HistogramValue) values.get(0)).counterResetHintGiven()).isTrue();
        assertThat(((HistogramValue) values.get(1)).counterResetHintGiven()).isFalse();
        assertThat(((HistogramValue) values.get(0)).histogram()).isEqualTo(((HistogramValue) values.get(1)).histogram());
    }

    @Test
    void repeatsAHistogram() {
        List<SequenceValue> values = parse("h {{schema:0 sum:5 count:4 buckets:[1 2 1]}}x2 _ {{}}").values();

        HistogramValue first = (HistogramValue) values.getFirst();
        assertThat(values).containsExactly(first, first, first, SequenceValue.OMITTED,
                new HistogramValue(HistogramDescription.EMPTY, false));
        assertThat(first.histogram().buckets()).containsExactly(1.0, 2.0, 1.0);
    }

    @Test
    void expandsAHistogramSequence() {
        List<SequenceValue> values =
                parse("h {{schema:0 sum:4 count:4 buckets:[1 2 1]}}+{{sum:2 count:1 buckets:[1] offset:1}}x2")
                        .values();

        assertThat(values).extracting(value -> value.toString()).containsExactly(
                "{{sum:4 count:4 buckets:[1 2 1]}}",
                "{{sum:6 count:5 buckets:[1 3 1]}}",
                "{{sum:8 count:6 buckets:[1 4 1]}}");
    }

    @Test
    void reportsAnImpossibleHistogramExpansionAtItsStart() {
        assertThatThrownBy(() -> parse("h 1 {{schema:1}}+{{schema:0}}x1"))
                .hasMessage("series.test:7:5: error combining histograms: cannot merge from schema 0 to 1");
    }

    @Test
    void rendersAHistogramThatReadsBackTheSame() {
        HistogramDescription h = new HistogramDescription(2, 0.1, -0.0, 3, 1e-300, List.of(1.5, 0.0), -3,
                List.of(Double.NEGATIVE_INFINITY), 4, CounterResetHint.RESET, List.of());

        assertThat(histogram(h.toString())).isEqualTo(h);
    }

    @Test
    void readsTheMetricOfAStartTimestampLine() {
        assertThat(SeriesDescriptionParser.parseMetric("m{a=\"1\"}", LOCATION, 1))
                .isEqualTo(Labels.of("__name__", "m", "a", "1"));
        assertThat(SeriesDescriptionParser.parseMetric("", LOCATION, 1)).isEqualTo(Labels.empty());
        assertThatThrownBy(() -> SeriesDescriptionParser.parseMetric("m 1", LOCATION, 1))
                .hasMessageContaining("after the metric");
    }
}
