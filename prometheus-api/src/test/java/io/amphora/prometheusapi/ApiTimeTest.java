package io.amphora.prometheusapi;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTimeTest {
    @Test
    void sentinelsMatchPrometheusMinAndMaxTime() {
        assertThat(ApiTime.MIN.toString()).isEqualTo("-292273086-05-16T16:47:06Z");
        assertThat(ApiTime.MAX.toString()).isEqualTo("292277025-08-18T07:12:54.999999999Z");
        assertThat(ApiTime.MIN.toMillis()).isEqualTo(-9223309901257974000L);
        assertThat(ApiTime.MAX.toMillis()).isEqualTo(9223309901257974999L);
    }

    @Test
    void normalizesNanosecondsLikeGoTimeUnix() {
        assertThat(ApiTime.unix(-1, -500_000_000)).isEqualTo(new ApiTime(-2, 500_000_000));
        assertThat(ApiTime.unix(1, 1_000_000_000)).isEqualTo(new ApiTime(2, 0));
        assertThat(ApiTime.unix(0, -1)).isEqualTo(new ApiTime(-1, 999_999_999));
        assertThatThrownBy(() -> new ApiTime(0, 1_000_000_000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsToMillisecondsAsTheApiAndTheEngineDo() {
        ApiTime t = new ApiTime(-2, 500_400_000);
        assertThat(t.toMillis()).isEqualTo(-1500);
        // UnixNano truncates toward zero: -1499.6 ms becomes -1499.
        assertThat(t.engineMillis()).isEqualTo(-1499);
        assertThat(new ApiTime(1_435_781_451, 781_900_000).engineMillis()).isEqualTo(1_435_781_451_781L);
        // Beyond 2262, Unix nanoseconds overflow and Prometheus's engine time wraps around; so does this.
        assertThat(new ApiTime(9_999_999_999L, 0).engineMillis()).isEqualTo(9_999_999_999L * 1_000_000_000L / 1_000_000);
    }

    @Test
    void subtractsWithGoSaturation() {
        ApiTime a = new ApiTime(100, 0);
        ApiTime b = new ApiTime(50, 500_000_000);
        assertThat(a.nanosSince(b)).isEqualTo(49_500_000_000L);
        assertThat(b.nanosSince(a)).isEqualTo(-49_500_000_000L);
        assertThat(ApiTime.MAX.nanosSince(ApiTime.MIN)).isEqualTo(Long.MAX_VALUE);
        assertThat(ApiTime.MIN.nanosSince(ApiTime.MAX)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void ordersAndAddsLikeGo() {
        assertThat(ApiTime.MIN.isBefore(ApiTime.MAX)).isTrue();
        assertThat(new ApiTime(1, 1).isBefore(new ApiTime(1, 2))).isTrue();
        assertThat(new ApiTime(1, 2).isBefore(new ApiTime(1, 2))).isFalse();
        assertThat(new ApiTime(1, 900_000_000).plus(Duration.ofMillis(200))).isEqualTo(new ApiTime(2, 100_000_000));
        assertThat(ApiTime.of(Instant.parse("2015-07-01T20:10:51.781Z")))
                .isEqualTo(new ApiTime(1_435_781_451, 781_000_000));
        assertThat(new ApiTime(1_435_781_451, 781_000_000).toInstant())
                .isEqualTo(Instant.parse("2015-07-01T20:10:51.781Z"));
    }

    @Test
    void printsLikeGoRfc3339Nano() {
        assertThat(new ApiTime(0, 0).toString()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(new ApiTime(1_435_781_451, 781_000_000).toString()).isEqualTo("2015-07-01T20:10:51.781Z");
        assertThat(new ApiTime(-62_135_596_800L, 1).toString()).isEqualTo("0001-01-01T00:00:00.000000001Z");
        assertThat(new ApiTime(Long.MIN_VALUE, 0).toString()).isEqualTo("ApiTime[unixSeconds=" + Long.MIN_VALUE
                + ", nanos=0]");
    }
}
