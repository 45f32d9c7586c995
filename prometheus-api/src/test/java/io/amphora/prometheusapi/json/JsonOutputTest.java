package io.amphora.prometheusapi.json;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonOutputTest {
    private static final String CONTROLS = "\u0000\u0001\b\t\n\u000b\f\r\u001f\u007f";

    @Test
    void rawStringsEscapeOnlyQuotesBackslashesAndControls() {
        assertThat(Json.render(out -> out.rawString("a\"b\\c<d>&e" + CONTROLS)))
                .isEqualTo("\"a\\\"b\\\\c<d>&e\\u0000\\u0001\\u0008\\t\\n\\u000b\\u000c\\r\\u001f\u007f\"");
    }

    @Test
    void htmlStringsAlsoEscapeAngleBracketsAmpersandsAndLineSeparators() {
        assertThat(Json.render(out -> out.htmlString("a\"b\\c<d>&e\u2028\u2029" + CONTROLS)))
                .isEqualTo("\"a\\\"b\\\\c\\u003cd\\u003e\\u0026e\\u2028\\u2029"
                        + "\\u0000\\u0001\\u0008\\t\\n\\u000b\\u000c\\r\\u001f\u007f\"");
    }

    @Test
    void goJsonStringsUseShortEscapesForBackspaceAndFormFeed() {
        assertThat(Json.render(out -> out.goJsonString("<" + CONTROLS)))
                .isEqualTo("\"\\u003c\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f\u007f\"");
    }

    @Test
    void nonAsciiTextIsWrittenAsUtf8() {
        String text = "é€😀";
        for (String rendered : new String[] {
                Json.render(out -> out.rawString(text)), Json.render(out -> out.htmlString(text))}) {
            assertThat(rendered).isEqualTo("\"" + text + "\"");
        }
        assertThat(Json.bytes(out -> out.rawString("é"))).containsExactly('"', 0xC3, 0xA9, '"');
    }

    @Test
    void bytesThatAreNotUtf8PassRawButBecomeReplacementCharactersWhenEscaped() {
        // PromQL's "\xff" is held as the lone surrogate U+DCFF.
        String invalid = "a\uDCFFb\uD800c";
        assertThat(Json.bytes(out -> out.rawString(invalid)))
                .containsExactly('"', 'a', 0xFF, 'b', 0xEF, 0xBF, 0xBD, 'c', '"');
        assertThat(Json.render(out -> out.htmlString(invalid))).isEqualTo("\"a\\ufffdb\\ufffdc\"");
        assertThat(Json.render(out -> out.goJsonString(invalid))).isEqualTo("\"a\\ufffdb\\ufffdc\"");
    }

    @Test
    void longStringsSpanBufferFlushes() {
        String text = "ab<".repeat(1_000) + "é".repeat(1_000);
        String expected = "\"" + "ab\\u003c".repeat(1_000) + "é".repeat(1_000) + "\"";
        assertThat(new String(Json.bytes(out -> out.htmlString(text)), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ms is written as {1}")
    @CsvSource({
            "0, 0",
            "1, 0.001",
            "10, 0.010",
            "100, 0.100",
            "1000, 1",
            "1001, 1.001",
            "1010, 1.010",
            "1100, 1.100",
            "-1, -0.001",
            "-1500, -1.500",
            "1435781451781, 1435781451.781",
            "12345678123456555, 12345678123456.555",
    })
    void timestampsHaveThreeFractionDigitsUnlessWhole(long millis, String expected) {
        assertThat(Json.render(out -> out.timestamp(millis))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} as a Go encoding/json number is {1}, as a json-iterator number {2}")
    @CsvSource({
            "0, 0, 0",
            "0.001, 0.001, 0.001",
            "1435781451.781, 1435781451.781, 1435781451.781",
            "0.000015, 0.000015, 0.000015",
            "1e-7, 1e-7, 1e-07",
            "-2.5e-10, -2.5e-10, -2.5e-10",
            "1e21, 1e+21, 1e+21",
    })
    void numbersFollowGoEncoders(double value, String goJson, String jsoniter) {
        assertThat(Json.render(out -> out.goJsonNumber(value))).isEqualTo(goJson);
        assertThat(Json.render(out -> out.jsoniterNumber(value))).isEqualTo(jsoniter);
    }

    @Test
    void numbersRejectNaNAndInfinities() {
        assertThatThrownBy(() -> Json.render(out -> out.jsoniterNumber(Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported value: NaN");
        assertThatThrownBy(() -> Json.render(out -> out.goJsonNumber(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesLongsIncludingTheExtremes() {
        assertThat(Json.render(out -> out.longValue(Long.MIN_VALUE).raw(',').longValue(Long.MAX_VALUE)
                .raw(',').longValue(0).raw(',').longValue(-42)))
                .isEqualTo("-9223372036854775808,9223372036854775807,0,-42");
    }
}
