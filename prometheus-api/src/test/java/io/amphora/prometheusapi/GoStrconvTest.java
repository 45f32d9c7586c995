package io.amphora.prometheusapi;

import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GoStrconvTest {
    @ParameterizedTest(name = "ParseFloat({0}) = {1}")
    @CsvSource({
            "0, 0",
            "1, 1",
            "-1.5, -1.5",
            "+.5, 0.5",
            "5., 5",
            "1e3, 1000",
            "1E-3, 0.001",
            "1_000, 1000",
            "1_000.000_1, 1000.0001",
            "1e1_0, 1e10",
            "0x1p-2, 0.25",
            "0X1.8P1, 3",
            "0x_1p4, 16",
            "0x.8p1, 1",
            "1e-400, 0",
            "1435781451.781, 1435781451.781",
            "inf, Infinity",
            "+Inf, Infinity",
            "-INFINITY, -Infinity",
            "NaN, NaN",
            "nan, NaN",
    })
    void acceptsGoFloatSyntax(String text, double expected) {
        OptionalDouble parsed = GoStrconv.parseFloat(text);
        assertThat(parsed).isPresent();
        assertThat(Double.doubleToLongBits(parsed.getAsDouble())).isEqualTo(Double.doubleToLongBits(expected));
    }

    @ParameterizedTest(name = "ParseFloat(\"{0}\") fails")
    @ValueSource(strings = {"", " 1", "1 ", "1d", "1f", "abc", ".", "e5", "1e", "1e+", "--1", "+-1", "_1", "1_",
            "1__0", "1_.5", "1._5", "1e_5", "0x1", "0x", "0x1.8", "0xg1p1", "1e400", "-1e400", "0x1p2000", "+nan",
            "-NaN", "infin", "infinityy", "١", "1.5.2", "Infinity1"})
    void rejectsWhatGoRejects(String text) {
        assertThat(GoStrconv.parseFloat(text)).isEmpty();
    }

    @ParameterizedTest(name = "Atoi({0}) = {1}")
    @CsvSource({
            "0, 0",
            "+5, 5",
            "-5, -5",
            "007, 7",
            "9223372036854775807, 9223372036854775807",
            "-9223372036854775808, -9223372036854775808",
    })
    void parsesGoInts(String text, long expected) {
        assertThat(GoStrconv.atoi(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "Atoi({0}) fails with {1}")
    @CsvSource(delimiter = '|', value = {
            "abc                     | strconv.Atoi: parsing \"abc\": invalid syntax",
            "+                       | strconv.Atoi: parsing \"+\": invalid syntax",
            "1_000                   | strconv.Atoi: parsing \"1_000\": invalid syntax",
            "1.5                     | strconv.Atoi: parsing \"1.5\": invalid syntax",
            "٣                       | strconv.Atoi: parsing \"٣\": invalid syntax",
            "9223372036854775808     | strconv.Atoi: parsing \"9223372036854775808\": value out of range",
            "-9223372036854775809    | strconv.Atoi: parsing \"-9223372036854775809\": value out of range",
            "99999999999999999999x   | strconv.Atoi: parsing \"99999999999999999999x\": value out of range",
            "10000000000000000000x   | strconv.Atoi: parsing \"10000000000000000000x\": invalid syntax",
    })
    void failsWithGoMessages(String text, String message) {
        assertThatThrownBy(() -> GoStrconv.atoi(text)).isInstanceOf(NumberFormatException.class).hasMessage(message);
    }

    @Test
    void atoiQuotesControlCharactersLikeGo() {
        assertThatThrownBy(() -> GoStrconv.atoi("\t")).hasMessage("strconv.Atoi: parsing \"\\t\": invalid syntax");
        assertThatThrownBy(() -> GoStrconv.atoi("")).hasMessage("strconv.Atoi: parsing \"\": invalid syntax");
    }

    @Test
    void convertsFloatsToInt64LikeAmd64() {
        assertThat(GoStrconv.floatToInt64(1.9)).isEqualTo(1);
        assertThat(GoStrconv.floatToInt64(-1.9)).isEqualTo(-1);
        assertThat(GoStrconv.floatToInt64(Double.NaN)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoStrconv.floatToInt64(0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoStrconv.floatToInt64(-0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoStrconv.floatToInt64(-0x1p64)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoStrconv.floatToInt64(Double.POSITIVE_INFINITY)).isEqualTo(Long.MIN_VALUE);
        assertThat(GoStrconv.floatToInt64(0x1p62)).isEqualTo(1L << 62);
    }
}
