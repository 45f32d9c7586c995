package io.amphora.ingester.wiring;

import io.amphora.ingester.Ingester;
import io.amphora.ingester.grpc.IngesterGrpcService;
import io.amphora.model.Overrides;
import io.amphora.ring.Lifecycler;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.kv.KvStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Spring wiring of the ingester target: the {@link Ingester} service and its gRPC adapter. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngesterProperties.class)
public class IngesterConfiguration {
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService ingesterScheduler() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ingester-maintenance").daemon().factory());
    }

    @Bean
    Ingester ingester(IngesterProperties properties, @Value("${amphora.data-dir:./data}") Path dataDir, Overrides overrides,
                      MeterRegistry registry, ScheduledExecutorService ingesterScheduler, KvStore kv,
                      @Value("${amphora.grpc.in-process-name:amphora}") String inProcessName) {
        LifecyclerConfig ring = properties.ringConfig(inProcessName);
        return new Ingester(properties.toConfig(dataDir.resolve("ingester")), overrides, InstantSource.system(), registry,
                ingesterScheduler, new Lifecycler(kv, InstantSource.system(), new Random(), ring));
    }

    @Bean
    IngesterGrpcService ingesterGrpcService(Ingester ingester) {
        return new IngesterGrpcService(ingester);
    }
}
