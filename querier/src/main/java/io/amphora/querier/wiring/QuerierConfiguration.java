package io.amphora.querier.wiring;

import io.amphora.model.Overrides;
import io.amphora.promql.engine.QueryEngine;
import io.amphora.querier.Querier;
import io.amphora.querier.QuerierConfig;
import io.amphora.querier.grpc.IngesterClientPool;
import io.amphora.ring.HashRing;
import io.amphora.ring.RingKeys;
import io.amphora.ring.RingWatcher;
import io.amphora.ring.kv.KvStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import io.amphora.prometheusapi.ApiRequestParser;
import io.amphora.promql.parser.PromqlParser;
import io.amphora.querier.api.QueryApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.InstantSource;

/**
 * Spring wiring of the querier target: the {@link Querier} over the ingesters of the ring. Expects a {@link KvStore},
 * an {@link Overrides} and a {@link MeterRegistry} bean from the executable. Serves the Prometheus HTTP API v1
 * ({@link PrometheusApiController}).
 */
@Configuration(proxyBeanMethods = false)
@Import(PrometheusApiController.class)
@EnableConfigurationProperties(QuerierProperties.class)
public class QuerierConfiguration {
    @Bean
    QuerierConfig querierConfig(QuerierProperties properties) {
        return properties.toConfig();
    }

    @Bean(destroyMethod = "close")
    QuerierIngesterRing querierIngesterRing(KvStore kv) {
        return new QuerierIngesterRing(new RingWatcher(kv, RingKeys.INGESTER, HashRing.DEFAULT_HEARTBEAT_TIMEOUT,
                InstantSource.system()));
    }

    @Bean(destroyMethod = "close")
    IngesterClientPool querierIngesterClientPool(QuerierIngesterRing ring, QuerierConfig config) {
        return IngesterClientPool.overChannels(ring.watcher()::ring, config.replicationFactor(),
                config.maxRecvMessageSize(), config.ingesterTimeout(), InstantSource.system());
    }

    @Bean
    Querier querier(IngesterClientPool querierIngesterClientPool, Overrides overrides, QuerierConfig config,
            MeterRegistry registry) {
        QueryEngine engine = new QueryEngine(config.promql(), InstantSource.system());
        return new Querier(engine, querierIngesterClientPool, overrides, config, registry);
    }

    @Bean
    QueryApi queryApi(Querier querier, QuerierConfig config) {
        String version = QueryApi.class.getPackage().getImplementationVersion();
        // The API parses with the engine's parser options, so a feature flag turns a function on in both places.
        ApiRequestParser parser = new ApiRequestParser(
                new PromqlParser(config.promql().parserOptions()), InstantSource.system());
        return new QueryApi(querier, parser, InstantSource.system(), version != null ? version : "dev", config.promql());
    }

    /**
     * The querier's own view of the ingester ring. A type of its own, so that in the single process it never
     * competes with the distributor's {@link RingWatcher} bean.
     */
    record QuerierIngesterRing(RingWatcher watcher) implements AutoCloseable {
        @Override
        public void close() {
            watcher.close();
        }
    }
}
