package io.amphora.querier;

import java.time.Duration;

import io.amphora.promql.engine.EngineOptions;

import static java.util.Objects.requireNonNull;

/**
 * The querier's process-wide settings (per-workspace limits come from {@link io.amphora.model.Overrides}).
 *
 * @param maxConcurrent PromQL queries evaluated at once in this process (Cortex {@code -querier.max-concurrent})
 * @param maxQueued queries that may wait for a free slot; more are refused at once
 * @param queueTimeout how long a query may wait for a slot before it fails as timed out
 * @param replicationFactor ingesters each series is written to; must match the distributor's
 * @param ingesterTimeout how long one read from the ingesters may take
 * @param maxRecvMessageSize the largest message accepted from an ingester, in bytes (a {@code QueryStream} batch)
 * @param promql the PromQL engine's settings ({@code amphora.querier.promql.*}, Prometheus's {@code --query.*} flags
 *     and {@code promql-*} feature flags); the HTTP API parses queries with the same
 *     {@link EngineOptions#parserOptions()}
 */
public record QuerierConfig(int maxConcurrent, int maxQueued, Duration queueTimeout, int replicationFactor,
        Duration ingesterTimeout, int maxRecvMessageSize, EngineOptions promql) {
    public static final int DEFAULT_MAX_CONCURRENT = 20;
    public static final int DEFAULT_MAX_QUEUED = 100;
    public static final Duration DEFAULT_QUEUE_TIMEOUT = Duration.ofMinutes(1);
    public static final int DEFAULT_REPLICATION_FACTOR = 1;
    public static final Duration DEFAULT_INGESTER_TIMEOUT = Duration.ofMinutes(2);
    /** Cortex's default for its ingester client. */
    public static final int DEFAULT_MAX_RECV_MESSAGE_SIZE = 100 << 20;

    public QuerierConfig {
        requireNonNull(queueTimeout, "queueTimeout is null");
        requireNonNull(ingesterTimeout, "ingesterTimeout is null");
        requireNonNull(promql, "promql is null");
    }

    public static QuerierConfig defaults() {
        return new QuerierConfig(DEFAULT_MAX_CONCURRENT, DEFAULT_MAX_QUEUED, DEFAULT_QUEUE_TIMEOUT,
                DEFAULT_REPLICATION_FACTOR, DEFAULT_INGESTER_TIMEOUT, DEFAULT_MAX_RECV_MESSAGE_SIZE,
                EngineOptions.defaults());
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public QuerierConfig validate() {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("amphora.querier.max-concurrent must be at least 1, got " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("amphora.querier.max-queued must not be negative, got " + maxQueued);
        }
        if (queueTimeout.isNegative()) {
            throw new IllegalArgumentException("amphora.querier.queue-timeout must not be negative, got " + queueTimeout);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("amphora.querier.replication-factor must be at least 1, got " + replicationFactor);
        }
        if (ingesterTimeout.isNegative() || ingesterTimeout.isZero()) {
            throw new IllegalArgumentException("amphora.querier.ingester-timeout must be positive, got " + ingesterTimeout);
        }
        if (maxRecvMessageSize < 1) {
            throw new IllegalArgumentException("amphora.querier.max-recv-message-size must be positive, got " + maxRecvMessageSize);
        }
        return this;
    }
}
