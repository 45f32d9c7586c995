package io.amphora.promql.ast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoFormatTest {
    @Test
    void formatsTheShortestPlainDecimal() {
        assertThat(GoFormat.formatShortest(1)).isEqualTo("1");
        assertThat(GoFormat.formatShortest(0.1)).isEqualTo("0.1");
        assertThat(GoFormat.formatShortest(1e21)).isEqualTo("1000000000000000000000");
        assertThat(GoFormat.formatShortest(1.5e-7)).isEqualTo("0.00000015");
        assertThat(GoFormat.formatShortest(-0.0)).isEqualTo("-0");
        assertThat(GoFormat.formatShortest(Double.NaN)).isEqualTo("NaN");
        assertThat(GoFormat.formatShortest(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    }

    @Test
    void formatsLikeGoPercentV() {
        assertThat(GoFormat.formatGeneral(100000)).isEqualTo("100000");
        assertThat(GoFormat.formatGeneral(1000000)).isEqualTo("1e+06");
        assertThat(GoFormat.formatGeneral(1234567)).isEqualTo("1.234567e+06");
        assertThat(GoFormat.formatGeneral(0.0001)).isEqualTo("0.0001");
        assertThat(GoFormat.formatGeneral(0.00001)).isEqualTo("1e-05");
        assertThat(GoFormat.formatGeneral(-2.5e-100)).isEqualTo("-2.5e-100");
        assertThat(GoFormat.formatGeneral(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }

    @Test
    void formatsFixedDecimalsFromTheExactBinaryValue() {
        assertThat(GoFormat.formatFixed(1.5, 3)).isEqualTo("1.500");
        assertThat(GoFormat.formatFixed(0.0005, 3)).isEqualTo("0.001");
        assertThat(GoFormat.formatFixed(0.125, 2)).isEqualTo("0.12");
        assertThat(GoFormat.formatFixed(1e23, 0)).isEqualTo("99999999999999991611392");
        assertThat(GoFormat.formatFixed(-0.0001, 3)).isEqualTo("-0.000");
        assertThat(GoFormat.formatFixed(Double.POSITIVE_INFINITY, 6)).isEqualTo("+Inf");
    }

    @Test
    void formatsDurationsAsPrometheusDoes() {
        assertThat(GoFormat.formatDuration(0)).isEqualTo("0s");
        assertThat(GoFormat.formatDuration(5_400_000)).isEqualTo("1h30m");
        assertThat(GoFormat.formatDuration(1_001)).isEqualTo("1s1ms");
        assertThat(GoFormat.formatDuration(14L * 86_400_000)).isEqualTo("2w");
        assertThat(GoFormat.formatDuration(15L * 86_400_000)).isEqualTo("15d");
        assertThat(GoFormat.formatDuration(366L * 86_400_000)).isEqualTo("366d");
        assertThat(GoFormat.formatDuration(-61_000)).isEqualTo("-1m1s");
    }

    @Test
    void roundsHalfAwayFromZero() {
        assertThat(GoFormat.round(2.5)).isEqualTo(3);
        assertThat(GoFormat.round(-2.5)).isEqualTo(-3);
        assertThat(GoFormat.round(0.49999999999999994)).isEqualTo(0);
        assertThat(GoFormat.secondsToMillis(1.0005)).isEqualTo(1000);
        assertThat(GoFormat.secondsToMillis(-0.0015)).isEqualTo(-1);
    }
}
