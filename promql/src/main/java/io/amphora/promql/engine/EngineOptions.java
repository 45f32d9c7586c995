package io.amphora.promql.engine;

import java.time.Duration;

import io.amphora.promql.parser.ParserOptions;

import static java.util.Objects.requireNonNull;

/**
 * Engine-wide settings, as Prometheus's engine options and feature flags.
 *
 * @param parserOptions which experimental syntax and functions are accepted
 * @param lookbackDelta how far back an instant selector looks for a sample (default 5m)
 * @param maxSamples the most samples one query may hold in memory at once; over it the query fails with
 *     Prometheus's "query processing would load too many samples into memory in query execution"
 * @param timeout the longest a query may run
 * @param defaultSubqueryStep the resolution of subqueries written without one ({@code x[5m:]}), Prometheus's global
 *     evaluation interval (1m by default)
 * @param delayedNameRemoval {@code promql-delayed-name-removal}: drop {@code __name__} at the end of evaluation
 *     instead of at each function or operator
 * @param startTimestamps {@code use-start-timestamps}: let functions use samples' start timestamps
 */
public record EngineOptions(
        ParserOptions parserOptions,
        Duration lookbackDelta,
        long maxSamples,
        Duration timeout,
        Duration defaultSubqueryStep,
        boolean delayedNameRemoval,
        boolean startTimestamps) {
    public static final Duration DEFAULT_LOOKBACK_DELTA = Duration.ofMinutes(5);
    public static final long DEFAULT_MAX_SAMPLES = 50_000_000;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_SUBQUERY_STEP = Duration.ofMinutes(1);

    public EngineOptions {
        requireNonNull(parserOptions, "parserOptions is null");
        requirePositive(lookbackDelta, "lookbackDelta");
        requirePositive(timeout, "timeout");
        requirePositive(defaultSubqueryStep, "defaultSubqueryStep");
        if (maxSamples <= 0) {
            throw new IllegalArgumentException("maxSamples must be positive, got " + maxSamples);
        }
    }

    /** A stock Prometheus 3 server's settings (with Amphora's default sample limit). */
    public static EngineOptions defaults() {
        return new EngineOptions(ParserOptions.defaults(), DEFAULT_LOOKBACK_DELTA, DEFAULT_MAX_SAMPLES,
                DEFAULT_TIMEOUT, DEFAULT_SUBQUERY_STEP, false, false);
    }

    /**
     * The settings Prometheus's own PromQL test harness runs with: every experimental feature on (except type and
     * unit labels), 10,000 max samples, 100 s timeout.
     */
    public static EngineOptions conformanceTests() {
        return new EngineOptions(ParserOptions.allFeatures(), DEFAULT_LOOKBACK_DELTA, 10_000,
                Duration.ofSeconds(100), DEFAULT_SUBQUERY_STEP, true, true);
    }

    private static void requirePositive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
