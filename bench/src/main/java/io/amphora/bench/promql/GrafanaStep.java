package io.amphora.bench.promql;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The {@code step} Grafana's Prometheus data source sends with a panel's range query, so that the benchmark asks for
 * as many points as a dashboard would:
 * <ol>
 *   <li>the panel's interval is the time range divided by its maximum data points (by default the panel's width in
 *       pixels), rounded to a "nice" interval by Grafana's table ({@link #roundInterval});</li>
 *   <li>it is raised to the data source's minimum interval (its scrape interval setting, 15 s by default);</li>
 *   <li>and raised further if the range would otherwise need more than {@value #MAX_POINTS} points, the most
 *       Prometheus's API answers per series.</li>
 * </ol>
 * With 1,000 data points and a 15 s minimum: 15 s for 1 h (241 points), 60 s for 24 h (1,441 points).
 *
 * <p>Grafana also aligns the range's start and end to multiples of the step; the benchmark keeps its own start
 * (half a scrape step after the data starts, see {@link PromqlBenchmarkData}), so that both servers give the same
 * answer by Prometheus 2's and 3's rules.
 */
final class GrafanaStep {
    /** Prometheus's API refuses a range query with more points per series. */
    static final long MAX_POINTS = 11_000;

    /**
     * Grafana's rounding: an interval under {@code BELOW[i]} ms becomes {@code ROUNDED[i]} ms (10 ms … 1 week); from
     * 3 weeks on, 30 days.
     */
    private static final long[] BELOW = {15, 35, 75, 150, 350, 750, 1_500, 3_500, 7_500, 12_500, 17_500, 25_000,
            45_000, 90_000, 210_000, 450_000, 750_000, 1_050_000, 1_500_000, 2_700_000, 5_400_000, 9_000_000,
            16_200_000, 32_400_000, 86_400_000, 604_800_000, 1_814_400_000};
    private static final long[] ROUNDED = {10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 20_000,
            30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_200_000, 1_800_000, 3_600_000, 7_200_000,
            10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000};
    private static final long BEYOND = 2_592_000_000L;

    private GrafanaStep() {}

    /**
     * The step for a panel over {@code range}.
     *
     * @param minInterval the data source's minimum interval (its scrape interval)
     * @param maxDataPoints the panel's maximum data points
     */
    static Duration of(Duration range, Duration minInterval, int maxDataPoints) {
        requireNonNull(range, "range is null");
        requireNonNull(minInterval, "minInterval is null");
        if (!range.isPositive() || !minInterval.isPositive() || maxDataPoints <= 0) {
            throw new IllegalArgumentException("range, minimum interval and max data points must be positive, got "
                    + range + ", " + minInterval + ", " + maxDataPoints);
        }
        long rangeMillis = range.toMillis();
        long step = Math.max(roundInterval(rangeMillis / maxDataPoints), minInterval.toMillis());
        // Prometheus counts the points of [start, end] at step as range / step + 1; Grafana's safe interval keeps
        // range / step within the limit, in whole seconds.
        long safe = Math.ceilDiv(Math.ceilDiv(rangeMillis, MAX_POINTS), 1000) * 1000;
        return Duration.ofMillis(Math.max(step, safe));
    }

    /** Grafana's "nice" interval for {@code millis}: 3.6 s becomes 5 s, 86.4 s becomes 1 min. */
    static long roundInterval(long millis) {
        for (int i = 0; i < BELOW.length; i++) {
            if (millis < BELOW[i]) {
                return ROUNDED[i];
            }
        }
        return BEYOND;
    }
}
