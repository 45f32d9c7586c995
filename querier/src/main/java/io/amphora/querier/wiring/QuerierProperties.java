package io.amphora.querier.wiring;

import io.amphora.querier.QuerierConfig;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * Binding shell for {@code amphora.querier.*}; defaults live in {@link QuerierConfig}.
 *
 * @param maxConcurrent PromQL queries evaluated at once
 * @param maxQueued queries waiting for a slot before more are refused
 * @param queueTimeout how long a query may wait for a slot
 * @param replicationFactor ingesters per series; must match the distributor's
 * @param ingesterTimeout how long one read from the ingesters may take
 * @param maxRecvMessageSize largest message accepted from an ingester
 */
@ConfigurationProperties("amphora.querier")
public record QuerierProperties(Integer maxConcurrent, Integer maxQueued, Duration queueTimeout, Integer replicationFactor,
        Duration ingesterTimeout, DataSize maxRecvMessageSize) {
    QuerierConfig toConfig() {
        return new QuerierConfig(
                maxConcurrent != null ? maxConcurrent : QuerierConfig.DEFAULT_MAX_CONCURRENT,
                maxQueued != null ? maxQueued : QuerierConfig.DEFAULT_MAX_QUEUED,
                queueTimeout != null ? queueTimeout : QuerierConfig.DEFAULT_QUEUE_TIMEOUT,
                replicationFactor != null ? replicationFactor : QuerierConfig.DEFAULT_REPLICATION_FACTOR,
                ingesterTimeout != null ? ingesterTimeout : QuerierConfig.DEFAULT_INGESTER_TIMEOUT,
                maxRecvMessageSize != null ? (int) Math.min(Integer.MAX_VALUE - 8, maxRecvMessageSize.toBytes())
                        : QuerierConfig.DEFAULT_MAX_RECV_MESSAGE_SIZE)
                .validate();
    }
}
