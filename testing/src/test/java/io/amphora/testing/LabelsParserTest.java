package io.amphora.testing;

import io.amphora.model.Labels;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LabelsParserTest {
    static Stream<Arguments> notations() {
        Labels upApi = Labels.of("__name__", "up", "job", "api");
        return Stream.of(
                parses("the notation Labels prints", "{__name__=\"up\", job=\"api\"}", upApi),
                parses("a metric name before the braces", "up{job=\"api\"}", upApi),
                parses("a metric name alone", "up", Labels.of("__name__", "up")),
                parses("a recording rule name with colons", "job:up:sum{}", Labels.of("__name__", "job:up:sum")),
                parses("no labels", "{}", Labels.empty()),
                parses("whitespace everywhere", "  up {\n job = \"api\" ,\t}  ", upApi),
                parses("a trailing comma", "{job=\"api\",}", Labels.of("job", "api")),
                parses("pairs in any order", "{job=\"api\", __name__=\"up\"}", upApi),
                parses("quoted label names", "{\"service.name\"=\"api\"}", Labels.of("service.name", "api")),
                parses("a quoted metric name alone in the braces", "{\"my.metric\", job=\"api\"}",
                        Labels.of("__name__", "my.metric", "job", "api")),
                parses("escapes", "{v=\"a\\\"b\\\\c\\nd\\te\\rf\\x01g\\u00e9\\U0001F600\"}",
                        Labels.of("v", "a\"b\\c\nd\te\rf\u0001gé😀")),
                parses("empty values are dropped", "{job=\"api\", zone=\"\"}", Labels.of("job", "api")),
                parses("unescaped Unicode", "{v=\"é😀\"}", Labels.of("v", "é😀")));
    }

    private static Arguments parses(String description, String text, Labels expected) {
        return arguments(Named.of(description, text), expected);
    }

    @ParameterizedTest
    @MethodSource("notations")
    void parsesPrometheusNotation(String text, Labels expected) {
        assertThat(LabelsParser.parse(text)).isEqualTo(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                rejects("no closing brace", "{job=\"api\"", "expected '}'"),
                rejects("no opening brace", "job=\"api\"}", "expected '{'"),
                rejects("an unquoted value", "{job=api}", "expected '\"'"),
                rejects("an unterminated value", "{job=\"api}", "unterminated string"),
                rejects("a missing separator", "{a=\"1\" b=\"2\"}", "expected '}'"),
                rejects("an unknown escape", "{a=\"\\q\"}", "unknown escape \\q"),
                rejects("a label name starting with a digit", "{1a=\"x\"}", "expected a label name"),
                rejects("text after the braces", "{a=\"1\"} x", "unexpected text"),
                rejects("a lone comma", "{,}", "expected a label name"),
                rejects("a short hex escape", "{a=\"\\x4\"}", "expected a hex digit"),
                rejects("a repeated name", "{a=\"1\", a=\"2\"}", "duplicate label name"));
    }

    private static Arguments rejects(String description, String text, String reason) {
        return arguments(Named.of(description, text), reason);
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void rejectsMalformedNotation(String text, String reason) {
        assertThatThrownBy(() -> LabelsParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void readsBackWhateverLabelsPrint() {
        String[] names = {"__name__", "job", "a_1", "service.name", "9x", "é", "le"};
        String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "\n", "\t", "\r", "\u0001", "\u007f", "é", "😀", "{", "}",
                ",", "="};
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            Labels.Builder builder = Labels.builder();
            for (String name : names) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                StringBuilder value = new StringBuilder();
                int length = 1 + random.nextInt(5);
                for (int j = 0; j < length; j++) {
                    value.append(pieces[random.nextInt(pieces.length)]);
                }
                builder.set(name, value.toString());
            }
            Labels labels = builder.build();

            assertThat(LabelsParser.parse(labels.toString())).as("%s", labels).isEqualTo(labels);
        }
    }
}
