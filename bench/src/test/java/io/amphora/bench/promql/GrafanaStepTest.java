package io.amphora.bench.promql;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrafanaStepTest {
    static Stream<Arguments> panels() {
        return Stream.of(
                Arguments.of(Named.of("1 h over 1,000 points: 3.6 s rounds to 5 s, raised to the 15 s scrape interval",
                        Duration.ofHours(1)), Duration.ofSeconds(15), 1000, Duration.ofSeconds(15)),
                Arguments.of(Named.of("24 h over 1,000 points: 86.4 s rounds to 1 min", Duration.ofHours(24)),
                        Duration.ofSeconds(15), 1000, Duration.ofMinutes(1)),
                Arguments.of(Named.of("24 h scraped every 60 s: still 1 min", Duration.ofHours(24)),
                        Duration.ofMinutes(1), 1000, Duration.ofMinutes(1)),
                Arguments.of(Named.of("1 h over 100 points: 36 s rounds to 30 s", Duration.ofHours(1)),
                        Duration.ofSeconds(15), 100, Duration.ofSeconds(30)),
                Arguments.of(Named.of("7 d over 1,000 points: 604.8 s rounds to 10 min", Duration.ofDays(7)),
                        Duration.ofSeconds(15), 1000, Duration.ofMinutes(10)),
                Arguments.of(Named.of("30 d over 100,000 points: 25.9 s would exceed 11,000 points; 236 s does not",
                        Duration.ofDays(30)), Duration.ofSeconds(1), 100_000, Duration.ofSeconds(236)));
    }

    @ParameterizedTest
    @MethodSource("panels")
    void picksTheStepGrafanaSends(Duration range, Duration minInterval, int maxDataPoints, Duration expected) {
        assertThat(GrafanaStep.of(range, minInterval, maxDataPoints)).isEqualTo(expected);
    }

    @Test
    void roundsIntervalsByGrafanasTable() {
        assertThat(GrafanaStep.roundInterval(0)).isEqualTo(10);
        assertThat(GrafanaStep.roundInterval(3_499)).isEqualTo(2_000);
        assertThat(GrafanaStep.roundInterval(3_500)).isEqualTo(5_000);
        assertThat(GrafanaStep.roundInterval(17_499)).isEqualTo(15_000);
        assertThat(GrafanaStep.roundInterval(89_999)).isEqualTo(60_000);
        assertThat(GrafanaStep.roundInterval(90_000)).isEqualTo(120_000);
        assertThat(GrafanaStep.roundInterval(209_999)).isEqualTo(120_000);
        assertThat(GrafanaStep.roundInterval(210_000)).isEqualTo(300_000);
        assertThat(GrafanaStep.roundInterval(86_399_999)).isEqualTo(43_200_000);
        assertThat(GrafanaStep.roundInterval(604_800_000)).isEqualTo(604_800_000);
        assertThat(GrafanaStep.roundInterval(1_814_400_000)).isEqualTo(2_592_000_000L);
    }

    @Test
    void neverAsksForMorePointsThanPrometheusAnswers() {
        for (int days = 1; days <= 400; days += 7) {
            Duration range = Duration.ofDays(days);
            Duration step = GrafanaStep.of(range, Duration.ofMillis(1), 1_000_000);
            assertThat(range.toMillis() / step.toMillis()).as("%s at %s", range, step).isLessThanOrEqualTo(11_000);
        }
    }

    @Test
    void refusesNonPositiveInputs() {
        assertThatThrownBy(() -> GrafanaStep.of(Duration.ZERO, Duration.ofSeconds(15), 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaStep.of(Duration.ofHours(1), Duration.ZERO, 1000))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrafanaStep.of(Duration.ofHours(1), Duration.ofSeconds(15), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
