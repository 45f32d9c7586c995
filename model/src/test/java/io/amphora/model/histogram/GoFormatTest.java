package io.amphora.model.histogram;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoFormatTest {
    @Test
    void percentVPrintsShortestDigitsWithoutTrailingZeros() {
        assertThat(GoFormat.v(-1)).isEqualTo("-1");
        assertThat(GoFormat.v(-0.5)).isEqualTo("-0.5");
        assertThat(GoFormat.v(123456)).isEqualTo("123456");
        assertThat(GoFormat.v(0.0001)).isEqualTo("0.0001");
        assertThat(GoFormat.v(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }

    @Test
    void percentVSwitchesToExponentFromAMillionAndBelowOneTenThousandth() {
        assertThat(GoFormat.v(1_000_000)).isEqualTo("1e+06");
        assertThat(GoFormat.v(-1234567)).isEqualTo("-1.234567e+06");
        assertThat(GoFormat.v(2349209.324)).isEqualTo("2.349209324e+06");
        assertThat(GoFormat.v(0.00001234)).isEqualTo("1.234e-05");
        assertThat(GoFormat.v(1e21)).isEqualTo("1e+21");
        assertThat(GoFormat.v(1.5e-300)).isEqualTo("1.5e-300");
    }

    @Test
    void percentVSpellsSpecialValuesLikeGo() {
        assertThat(GoFormat.v(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFormat.v(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(GoFormat.v(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFormat.v(-0.0)).isEqualTo("-0");
        assertThat(GoFormat.v(0.0)).isEqualTo("0");
    }

    @Test
    void percentFRoundsTheExactBinaryValueToSixDecimals() {
        assertThat(GoFormat.f(1)).isEqualTo("1.000000");
        assertThat(GoFormat.f(0.1)).isEqualTo("0.100000");
        assertThat(GoFormat.f(-2.5)).isEqualTo("-2.500000");
        // 5e-7 is stored as 4.99999999999999977e-7, which rounds down (Java's String.format would round up).
        assertThat(GoFormat.f(5e-7)).isEqualTo("0.000000");
        assertThat(GoFormat.f(-2.5e-7)).isEqualTo("-0.000000");
        assertThat(GoFormat.f(1e20)).isEqualTo("100000000000000000000.000000");
    }

    @Test
    void percentFSpellsSpecialValuesLikeGo() {
        assertThat(GoFormat.f(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(GoFormat.f(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(GoFormat.f(Double.NaN)).isEqualTo("NaN");
    }
}
