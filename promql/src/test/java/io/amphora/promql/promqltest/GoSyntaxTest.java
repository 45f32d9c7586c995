package io.amphora.promql.promqltest;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class GoSyntaxTest {
    static Stream<Arguments> numbers() {
        return Stream.of(
                number("a decimal integer", "42", 42),
                number("a signed integer", "-5", -5),
                number("hexadecimal", "0x1F", 31),
                number("octal with 0o", "0o17", 15),
                number("octal with a leading zero", "010", 8),
                number("a leading zero and a non-octal digit falls back to a float", "08", 8),
                number("binary", "0b101", 5),
                number("underscores between digits", "1_000_000", 1_000_000),
                number("an underscore after a base prefix", "0x_ff", 255),
                number("a float", "-1.5", -1.5),
                number("a float with an exponent", "12.34e2", 1234),
                number("a float without integer part", ".25", 0.25),
                number("a float without fraction", "5.", 5),
                number("a float with underscores", "1_000.5", 1000.5),
                number("a hexadecimal float", "0x1p-2", 0.25),
                number("the smallest long", "-9223372036854775808", -9.223372036854775808e18),
                number("an integer beyond long range becomes the nearest double", "18446744073709551616",
                        1.8446744073709552e19),
                number("a tiny float underflows to zero", "1e-400", 0),
                number("infinity", "+Inf", Double.POSITIVE_INFINITY),
                number("infinity spelt out in any case", "-InFiNiTy", Double.NEGATIVE_INFINITY),
                number("not a number", "NaN", Double.NaN),
                number("not a number in lower case", "nan", Double.NaN));
    }

    private static Arguments number(String name, String text, double value) {
        return arguments(Named.of(name, text), value);
    }

    @ParameterizedTest
    @MethodSource("numbers")
    void parsesNumbersAsGo(String text, double value) throws Exception {
        // Boxed, so that NaN equals NaN.
        assertThat(GoSyntax.parseNumber(text)).isEqualTo(Double.valueOf(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "1 2", "1_", "_1", "1__0", "0x", "0o", "0b", "0_", "0x1.8", "1e", "1e+", "+nan", "1.2.3", "1e400",
            "-1e309", "12a", "0b2", "1d", "Infinite", "{} 1", "\u0663", "0x\uFF21"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> GoSyntax.parseNumber(text)).isInstanceOf(GoSyntax.NumberFormatError.class);
    }

    @Test
    void keepsTheSignOfNegativeZero() throws Exception {
        assertThat(Double.doubleToRawLongBits(GoSyntax.parseNumber("-0.0"))).isEqualTo(Long.MIN_VALUE);
        assertThat(Double.doubleToRawLongBits(GoSyntax.parseNumber("-0"))).isZero();
    }

    @Test
    void unquotesPromqlStrings() {
        assertThat(GoSyntax.unquote("\"a\\\"b\\\\c\"")).isEqualTo("a\"b\\c");
        assertThat(GoSyntax.unquote("'it\\'s \"quoted\"'")).isEqualTo("it's \"quoted\"");
        assertThat(GoSyntax.unquote("`raw \\n \"x\"`")).isEqualTo("raw \\n \"x\"");
        assertThat(GoSyntax.unquote("\"\\a\\b\\f\\n\\r\\t\\v\"")).isEqualTo("\u0007\b\f\n\r\t\u000B");
        assertThat(GoSyntax.unquote("\"\\x41\\101\\u00e9\\U0001F600\"")).isEqualTo("AAé😀");
        assertThat(GoSyntax.unquote("\"\\xc3\\xa9\"")).isEqualTo("é");
        assertThat(GoSyntax.unquote("\"multi 'char' ☃\"")).isEqualTo("multi 'char' ☃");
        assertThat(GoSyntax.unquote("''")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "\"abc", "abc", "\"a\"b\"", "'a'b'", "\"\\'\"", "'\\\"'", "\"\\q\"", "\"\\x4\"",
            "\"\\400\"", "\"\\uD800\"", "\"\\U00110000\"", "`a`b`", "\"a\nb\"", "\"\\\""})
    void rejectsMalformedStrings(String literal) {
        assertThatThrownBy(() -> GoSyntax.unquote(literal)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unquotesGoStringLiteralsAsTheHarnessReadsExpectString() {
        assertThat(GoSyntax.unquoteGo("\" Foo \"")).isEqualTo(" Foo ");
        assertThat(GoSyntax.unquoteGo("`a\rb`")).isEqualTo("ab");
        assertThat(GoSyntax.unquoteGo("'x'")).isEqualTo("x");
        assertThat(GoSyntax.unquoteGo("'\\n'")).isEqualTo("\n");
        assertThatThrownBy(() -> GoSyntax.unquoteGo("'xy'")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoSyntax.unquoteGo("''")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trimsWhitespaceAsGo() {
        assertThat(GoSyntax.trimSpace("\t  a b \r\u00A0\u2003\u0085")).isEqualTo("a b");
        assertThat(GoSyntax.trimSpace("\u200Ba\u200B")).isEqualTo("\u200Ba\u200B");
        assertThat(GoSyntax.leadingSpace("\t\t x")).isEqualTo(3);
        assertThat(GoSyntax.leadingSpace("   ")).isEqualTo(3);
    }
}
