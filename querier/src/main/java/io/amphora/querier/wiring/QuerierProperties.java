package io.amphora.querier.wiring;

import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.querier.QuerierConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Binding shell for {@code amphora.querier.*}; defaults live in {@link QuerierConfig} and {@link EngineOptions}.
 *
 * @param maxConcurrent PromQL queries evaluated at once
 * @param maxQueued queries waiting for a slot before more are refused
 * @param queueTimeout how long a query may wait for a slot
 * @param replicationFactor ingesters per series; must match the distributor's
 * @param ingesterTimeout how long one read from the ingesters may take
 * @param maxRecvMessageSize largest message accepted from an ingester
 * @param promql the PromQL engine's settings, {@code amphora.querier.promql.*}
 */
@ConfigurationProperties("amphora.querier")
public record QuerierProperties(Integer maxConcurrent, Integer maxQueued, Duration queueTimeout, Integer replicationFactor,
        Duration ingesterTimeout, DataSize maxRecvMessageSize, Promql promql) {
    QuerierConfig toConfig() {
        return new QuerierConfig(
                maxConcurrent != null ? maxConcurrent : QuerierConfig.DEFAULT_MAX_CONCURRENT,
                maxQueued != null ? maxQueued : QuerierConfig.DEFAULT_MAX_QUEUED,
                queueTimeout != null ? queueTimeout : QuerierConfig.DEFAULT_QUEUE_TIMEOUT,
                replicationFactor != null ? replicationFactor : QuerierConfig.DEFAULT_REPLICATION_FACTOR,
                ingesterTimeout != null ? ingesterTimeout : QuerierConfig.DEFAULT_INGESTER_TIMEOUT,
                maxRecvMessageSize != null ? (int) Math.min(Integer.MAX_VALUE - 8, maxRecvMessageSize.toBytes())
                        : QuerierConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE,
                (promql != null ? promql : new Promql(null, null, null, null, null, null, null, null)).toOptions())
                .validate();
    }

    /**
     * {@code amphora.querier.promql.*}, named after Prometheus's flags: {@code --query.lookback-delta},
     * {@code --query.max-samples}, {@code --query.timeout}, the global evaluation interval, and the
     * {@code --enable-feature=promql-*} feature flags.
     *
     * @param lookbackDelta how far back an instant selector looks for a sample
     * @param maxSamples the most samples one query may hold in memory at once
     * @param timeout the longest a query may run
     * @param defaultEvaluationInterval the step of subqueries written without one ({@code x[5m:]})
     * @param experimentalFunctions accept experimental functions and aggregations ({@code limitk}, {@code info}, ...)
     * @param delayedNameRemoval drop {@code __name__} at the end of evaluation instead of at each function
     * @param extendedRangeSelectors accept the {@code anchored} and {@code smoothed} range selector modifiers
     * @param binopFillModifiers accept {@code fill}, {@code fill_left} and {@code fill_right} on binary operators
     */
    public record Promql(Duration lookbackDelta, Long maxSamples, Duration timeout, Duration defaultEvaluationInterval,
            Boolean experimentalFunctions, Boolean delayedNameRemoval, Boolean extendedRangeSelectors,
            Boolean binopFillModifiers) {
        /** @throws IllegalArgumentException naming the first invalid property */
        EngineOptions toOptions() {
            Duration lookback = positive(lookbackDelta, EngineOptions.DEFAULT_LOOKBACK_DELTA, "lookback-delta");
            Duration queryTimeout = positive(timeout, EngineOptions.DEFAULT_TIMEOUT, "timeout");
            Duration interval = positive(defaultEvaluationInterval, EngineOptions.DEFAULT_SUBQUERY_STEP,
                    "default-evaluation-interval");
            long samples = maxSamples != null ? maxSamples : EngineOptions.DEFAULT_MAX_SAMPLES;
            if (samples < 1) {
                throw new IllegalArgumentException(
                        "amphora.querier.promql.max-samples must be at least 1, got " + samples);
            }
            ParserOptions parser = new ParserOptions(Boolean.TRUE.equals(experimentalFunctions),
                    ParserOptions.defaults().durationExpressions(), Boolean.TRUE.equals(extendedRangeSelectors),
                    Boolean.TRUE.equals(binopFillModifiers));
            return new EngineOptions(parser, lookback, samples, queryTimeout, interval,
                    Boolean.TRUE.equals(delayedNameRemoval), EngineOptions.defaults().startTimestamps());
        }

        private static Duration positive(Duration value, Duration fallback, String property) {
            Duration chosen = value != null ? value : fallback;
            if (chosen.isNegative() || chosen.isZero()) {
                throw new IllegalArgumentException(
                        "amphora.querier.promql." + property + " must be positive, got " + chosen);
            }
            return chosen;
        }
    }
}
