package io.amphora.querier.wiring;

import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.querier.Querier;
import io.amphora.querier.QuerierConfig;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuerierConfigurationTest {
    private static QuerierConfig bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("amphora.querier", QuerierProperties.class).toConfig();
    }

    @Test
    void recordsTheDefaults() {
        assertThat(bind(Map.of())).isEqualTo(QuerierConfig.defaults());
    }

    @Test
    void mapsEveryProperty() {
        QuerierConfig config = bind(Map.of(
                "amphora.querier.max-concurrent", "4",
                "amphora.querier.max-queued", "8",
                "amphora.querier.queue-timeout", "10s",
                "amphora.querier.replication-factor", "3",
                "amphora.querier.ingester-timeout", "30s",
                "amphora.querier.max-recv-message-size", "16MB"));

        assertThat(config).isEqualTo(new QuerierConfig(4, 8, Duration.ofSeconds(10), 3, Duration.ofSeconds(30), 16 << 20));
    }

    @Test
    void refusesInvalidValuesNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.replication-factor", "0")))
                .hasMessageContaining("amphora.querier.replication-factor");
    }

    @Test
    void wiresAQuerierOverTheIngesterRing() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(KvStore.class, InMemoryKvStore::new);
            context.registerBean(Overrides.class, () -> Overrides.of(Limits.defaults()));
            context.registerBean(MeterRegistry.class, SimpleMeterRegistry::new);
            context.register(QuerierConfiguration.class);
            context.refresh();

            Querier querier = context.getBean(Querier.class);
            // No ingester has joined the ring yet: the read cannot be answered and says why.
            assertThatThrownBy(() -> querier.instantQuery(TenantId.of("t"), "up", 0, QueryOptions.DEFAULT))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.INTERNAL))
                    .hasMessage("too many unhealthy ingesters in the ring: 0 of 0 healthy, a read with replication factor 1 needs 1");
        }
    }
}
