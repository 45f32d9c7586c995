package io.amphora.app.overrides;

import io.amphora.model.Limits;
import io.amphora.model.TenantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Per-workspace limits for every component: the {@link RuntimeOverrides} bean (also published as
 * {@link io.amphora.model.Overrides}), its periodic reload, and the admin endpoints {@code GET /runtime_config}
 * (the configuration in force, as YAML) and {@code GET /api/v1/user_limits} (one workspace's limits, as JSON,
 * for the workspace in {@code X-Scope-OrgID}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OverridesConfiguration.RuntimeConfigProperties.class)
public class OverridesConfiguration {
    /**
     * @param file runtime configuration file with per-workspace limits; empty for the built-in defaults only
     * @param period how often the file is re-read
     */
    @ConfigurationProperties("amphora.runtime-config")
    public record RuntimeConfigProperties(@DefaultValue("") String file, @DefaultValue("10s") Duration period) {
        public RuntimeConfigProperties {
            if (!period.isPositive()) {
                throw new IllegalArgumentException("amphora.runtime-config.period must be positive");
            }
        }
    }

    @Bean
    RuntimeOverrides runtimeOverrides(RuntimeConfigProperties properties, MeterRegistry registry) {
        RuntimeOverrides overrides = new RuntimeOverrides(properties.file().isBlank() ? null : Path.of(properties.file()));
        Gauge.builder("cortex_runtime_config_last_reload_successful", overrides, o -> o.lastReloadSuccessful() ? 1 : 0)
                .description("Whether the last runtime configuration reload succeeded.").register(registry);
        return overrides;
    }

    @Bean(destroyMethod = "close")
    RuntimeConfigReloader runtimeConfigReloader(RuntimeConfigProperties properties, RuntimeOverrides overrides) {
        return new RuntimeConfigReloader(properties, overrides);
    }

    /** Re-reads the runtime configuration file every period, on its own thread (none without a file). */
    static final class RuntimeConfigReloader implements AutoCloseable {
        private final ScheduledExecutorService executor;

        RuntimeConfigReloader(RuntimeConfigProperties properties, RuntimeOverrides overrides) {
            if (properties.file().isBlank()) {
                executor = null;
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("runtime-config-reload").daemon().factory());
            long ms = properties.period().toMillis();
            executor.scheduleWithFixedDelay(overrides::reload, ms, ms, TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    @RestController
    static class RuntimeConfigController {
        private final RuntimeOverrides overrides;

        RuntimeConfigController(RuntimeOverrides overrides) {
            this.overrides = overrides;
        }

        @GetMapping(path = "/runtime_config", produces = MediaType.TEXT_PLAIN_VALUE)
        String runtimeConfig() {
            return overrides.render();
        }

        @GetMapping(path = "/api/v1/user_limits", produces = MediaType.APPLICATION_JSON_VALUE)
        ResponseEntity<?> userLimits(@RequestHeader(name = "X-Scope-OrgID", required = false) String orgId) {
            if (orgId == null || orgId.isBlank()) {
                return ResponseEntity.badRequest().body(Map.of("status", "error", "error", "no org id"));
            }
            TenantId tenant;
            try {
                tenant = new TenantId(orgId);
            } catch (IllegalArgumentException e) {
                return ResponseEntity.badRequest().body(Map.of("status", "error", "error", e.getMessage()));
            }
            Limits limits = overrides.forTenant(tenant);
            return ResponseEntity.ok(RuntimeOverrides.asMap(limits));
        }
    }
}
