package io.amphora.promql.parser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiteralsTest {
    @Test
    void parsesIntegersWithGoBasePrefixes() {
        assertThat(Literals.parseNumber("0")).isEqualTo(0);
        assertThat(Literals.parseNumber("0x_ff")).isEqualTo(255);
        assertThat(Literals.parseNumber("017")).isEqualTo(15);
        assertThat(Literals.parseNumber("0_17")).isEqualTo(15);
        assertThat(Literals.parseNumber("019")).isEqualTo(19);
        assertThat(Literals.parseNumber("9223372036854775807")).isEqualTo(9.223372036854775807E18);
        assertThat(Literals.parseNumber("99999999999999999999")).isEqualTo(1e20);
    }

    @Test
    void parsesFloatsAndSpecialValues() {
        assertThat(Literals.parseNumber("1.5e3")).isEqualTo(1500);
        assertThat(Literals.parseNumber("1_0.2_5")).isEqualTo(10.25);
        assertThat(Literals.parseNumber("1e-400")).isEqualTo(0);
        assertThat(Literals.parseNumber("INF")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Literals.parseNumber("NaN")).isNaN();
    }

    @Test
    void reportsMalformedNumbersInGoWords() {
        assertThatThrownBy(() -> Literals.parseNumber("0x"))
                .hasMessage("strconv.ParseFloat: parsing \"0x\": invalid syntax");
        assertThatThrownBy(() -> Literals.parseNumber("1__0"))
                .hasMessage("strconv.ParseFloat: parsing \"1__0\": invalid syntax");
        assertThatThrownBy(() -> Literals.parseNumber("1e999"))
                .hasMessage("strconv.ParseFloat: parsing \"1e999\": value out of range");
    }

    @Test
    void parsesDurationsWithUnitsInDecreasingOrder() {
        assertThat(Literals.parseDurationNanos("0")).isZero();
        assertThat(Literals.parseDurationNanos("1y2w3d4h5m6s7ms")).isEqualTo(
                ((((365L + 14 + 3) * 24 + 4) * 60 + 5) * 60 + 6) * 1_000_000_000L + 7_000_000L);
        assertThat(Literals.parseDurationNanos("90s")).isEqualTo(90_000_000_000L);
    }

    @Test
    void refusesDurationsPrometheusRefuses() {
        assertThatThrownBy(() -> Literals.parseDurationNanos("1s1m"))
                .hasMessage("not a valid duration string: \"1s1m\"");
        assertThatThrownBy(() -> Literals.parseDurationNanos("1h1h"))
                .hasMessage("not a valid duration string: \"1h1h\"");
        assertThatThrownBy(() -> Literals.parseDurationNanos("5x"))
                .hasMessage("unknown unit \"x\" in duration \"5x\"");
        assertThatThrownBy(() -> Literals.parseDurationNanos("293y")).hasMessage("duration out of range");
        assertThatThrownBy(() -> Literals.parseDurationNanos("")).hasMessage("empty duration string");
    }

    @Test
    void convertsNanosecondsToSecondsLikeGo() {
        assertThat(Literals.nanosToSeconds(1_118_000_000L)).isEqualTo(1.0 + 118_000_000 / 1e9);
        assertThat(Literals.nanosToSeconds(5_400_000_000_000L)).isEqualTo(5400);
    }
}
