package io.amphora.distributor.wiring;

import io.amphora.distributor.Distributor;
import io.amphora.distributor.DistributorConfig;
import io.amphora.distributor.TenantDataDeleter;
import io.amphora.distributor.grpc.IngesterChannels;
import io.amphora.distributor.grpc.IngesterClientPool;
import io.amphora.distributor.http.RemoteWriteHandler;
import io.amphora.distributor.limits.IngestionRateLimiter;
import io.amphora.distributor.remotewrite.RemoteWriteDecoder;
import io.amphora.model.Overrides;
import io.amphora.ring.HashRing;
import io.amphora.ring.RingKeys;
import io.amphora.ring.RingWatcher;
import io.amphora.ring.ha.HaTracker;
import io.amphora.ring.ha.HaTrackerConfig;
import io.amphora.ring.kv.KvStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spring wiring of the distributor target: the remote-write endpoints, the HA tracker and its admin page, the ring
 * view, the ingester clients and the tenant data deleter. Expects a {@link KvStore} and an {@link Overrides} bean from
 * the executable.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DistributorProperties.class)
public class DistributorConfiguration {
    @Bean
    DistributorConfig distributorConfig(DistributorProperties properties) {
        return properties.toConfig();
    }

    @Bean(destroyMethod = "close")
    HaTracker haTracker(KvStore kv, DistributorConfig config, Overrides overrides) {
        HaTrackerConfig haConfig = new HaTrackerConfig(config.haUpdateTimeout(), config.haFailoverTimeout(),
                HaTrackerConfig.DEFAULT_MAX_CLUSTERS, HaTrackerConfig.DEFAULT_STALE_CLUSTER_AGE, HaTrackerConfig.DEFAULT_MAX_CAS_ATTEMPTS);
        return new HaTracker(kv, InstantSource.system(), haConfig, tenant -> overrides.forTenant(tenant).haMaxClusters());
    }

    @Bean(destroyMethod = "close")
    RingWatcher ingesterRing(KvStore kv) {
        return new RingWatcher(kv, RingKeys.INGESTER, HashRing.DEFAULT_HEARTBEAT_TIMEOUT, InstantSource.system());
    }

    @Bean(destroyMethod = "close")
    IngesterClientPool ingesterClientPool(DistributorConfig config) {
        return new IngesterClientPool(address -> IngesterChannels.forAddress(address, config.maxRecvMessageSize()), config.remoteTimeout());
    }

    @Bean
    Distributor distributor(DistributorConfig config, Overrides overrides, HaTracker haTracker, RingWatcher ingesterRing,
                            IngesterClientPool ingesterClientPool, MeterRegistry registry) {
        Gauge.builder("cortex_ring_members", ingesterRing, r -> r.ring().healthyInstanceCount())
                .description("Healthy ingesters in the ring, as this distributor sees it.").tag("name", "ingester").register(registry);
        return new Distributor(config, overrides, haTracker, ingesterRing::ring, ingesterClientPool,
                new IngestionRateLimiter(overrides, InstantSource.system()), InstantSource.system(), registry);
    }

    /** Deletes a workspace's data on every ingester; for the control plane's workspace deletion. */
    @Bean
    TenantDataDeleter tenantDataDeleter(RingWatcher ingesterRing, IngesterClientPool ingesterClientPool, Distributor distributor,
                                        KvStore kv) {
        return new TenantDataDeleter(ingesterRing::ring, ingesterClientPool, distributor, kv, TenantDataDeleter.DEFAULT_TIMEOUT);
    }

    @Bean
    RemoteWriteHandler remoteWriteHandler(DistributorConfig config, Distributor distributor) {
        return new RemoteWriteHandler(new RemoteWriteDecoder(config.maxRecvMessageSize()), distributor);
    }

    @Bean(destroyMethod = "close")
    HaTrackerCleanup haTrackerCleanup(HaTracker haTracker) {
        return new HaTrackerCleanup(haTracker);
    }

    /** Forgets HA clusters that stopped sending, so they no longer count against the workspace's cluster limit. */
    static final class HaTrackerCleanup implements AutoCloseable {
        private final ScheduledExecutorService executor =
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("ha-tracker-cleanup").daemon().factory());

        HaTrackerCleanup(HaTracker haTracker) {
            executor.scheduleWithFixedDelay(haTracker::removeStaleClusters, 1, 1, TimeUnit.MINUTES);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    /**
     * {@code POST /api/v1/push} (the workspace in {@code X-Scope-OrgID}; the gateway routes the managed service's
     * {@code /workspaces/{id}/api/v1/remote_write} here with it set) and the HA tracker page.
     */
    @RestController
    static class RemoteWriteController {
        private final RemoteWriteHandler handler;
        private final HaTracker haTracker;

        RemoteWriteController(RemoteWriteHandler handler, HaTracker haTracker) {
            this.handler = handler;
            this.haTracker = haTracker;
        }

        @PostMapping("/api/v1/push")
        ResponseEntity<String> push(@RequestHeader(name = "X-Scope-OrgID", required = false) String orgId,
                                    HttpServletRequest request) throws IOException {
            RemoteWriteHandler.Response response = handler.handle(orgId, request.getContentType(),
                    request.getHeader(HttpHeaders.CONTENT_ENCODING), request.getInputStream());
            ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status()).contentType(MediaType.TEXT_PLAIN);
            response.headers().forEach(builder::header);
            return builder.body(response.body());
        }

        /** Cortex's {@code /distributor/ha_tracker}: the elected replica of every HA cluster, as JSON. */
        @GetMapping(path = "/distributor/ha_tracker", produces = MediaType.APPLICATION_JSON_VALUE)
        List<Map<String, Object>> haTracker() {
            return haTracker.elections().stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("workspace", e.tenant().value());
                m.put("cluster", e.cluster());
                m.put("replica", e.replica());
                m.put("lastSeen", e.lastSeen().toString());
                m.put("electedAt", e.electedAt().toString());
                m.put("failovers", e.electedChanges());
                return m;
            }).toList();
        }
    }
}
