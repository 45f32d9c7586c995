package io.amphora.querier.wiring;

import io.amphora.model.Limits;
import io.amphora.model.Overrides;
import io.amphora.model.TenantId;
import io.amphora.prometheusapi.ApiResponse;
import io.amphora.prometheusapi.RequestParameters;
import io.amphora.promql.engine.EngineOptions;
import io.amphora.promql.engine.QueryErrorType;
import io.amphora.promql.engine.QueryException;
import io.amphora.promql.engine.QueryOptions;
import io.amphora.querier.Querier;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.querier.QuerierConfig;
import io.amphora.querier.api.QueryApi;
import io.amphora.ring.kv.InMemoryKvStore;
import io.amphora.ring.kv.KvStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

        assertThat(config).isEqualTo(new QuerierConfig(4, 8, Duration.ofSeconds(10), 3, Duration.ofSeconds(30), 16 << 20,
                EngineOptions.defaults()));
    }

    @Test
    void recordsThePromqlDefaultsOfAPrometheusServer() {
        EngineOptions options = bind(Map.of()).promql();

        assertThat(options).isEqualTo(EngineOptions.defaults());
        assertThat(options.lookbackDelta()).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.maxSamples()).isEqualTo(50_000_000);
        assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.defaultSubqueryStep()).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.delayedNameRemoval()).isFalse();
        assertThat(options.parserOptions()).isEqualTo(new ParserOptions(false, true, false, false));
    }

    @Test
    void mapsEveryPromqlProperty() {
        EngineOptions options = bind(Map.of(
                "amphora.querier.promql.lookback-delta", "2m",
                "amphora.querier.promql.max-samples", "10000",
                "amphora.querier.promql.timeout", "100s",
                "amphora.querier.promql.default-evaluation-interval", "30s",
                "amphora.querier.promql.experimental-functions", "true",
                "amphora.querier.promql.delayed-name-removal", "true",
                "amphora.querier.promql.extended-range-selectors", "true",
                "amphora.querier.promql.binop-fill-modifiers", "true")).promql();

        assertThat(options).isEqualTo(new EngineOptions(new ParserOptions(true, true, true, true), Duration.ofMinutes(2),
                10_000, Duration.ofSeconds(100), Duration.ofSeconds(30), true, false));
    }

    @Test
    void eachFeatureFlagTurnsOnlyItsOwnPartOfTheLanguageOn() {
        assertThat(bind(Map.of("amphora.querier.promql.extended-range-selectors", "true")).promql().parserOptions())
                .isEqualTo(new ParserOptions(false, true, true, false));
        assertThat(bind(Map.of("amphora.querier.promql.binop-fill-modifiers", "true")).promql().parserOptions())
                .isEqualTo(new ParserOptions(false, true, false, true));
    }

    @Test
    void refusesInvalidPromqlSettingsNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.promql.lookback-delta", "0s")))
                .hasMessage("amphora.querier.promql.lookback-delta must be positive, got PT0S");
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.promql.max-samples", "0")))
                .hasMessage("amphora.querier.promql.max-samples must be at least 1, got 0");
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.promql.timeout", "-1s")))
                .hasMessageContaining("amphora.querier.promql.timeout");
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.promql.default-evaluation-interval", "0s")))
                .hasMessageContaining("amphora.querier.promql.default-evaluation-interval");
    }

    @Test
    void refusesAnExperimentalFunctionUnlessEnabledInTheApiAndTheEngine() throws Exception {
        RequestParameters query = RequestParameters.of("query", "sort_by_label(up, \"job\")", "time", "10");
        try (AnnotationConfigApplicationContext context = context(Map.of())) {
            QueryApi api = context.getBean(QueryApi.class);

            ApiResponse parsed = api.parseQuery(query);
            assertThat(parsed.httpStatus()).isEqualTo(400);
            assertThat(body(parsed)).contains("\"errorType\":\"bad_data\"",
                    "invalid parameter \\\"query\\\": 1:1: parse error: function \\\"sort_by_label\\\" is not enabled");
            assertThatThrownBy(() -> context.getBean(Querier.class).instantQuery(TenantId.of("t"),
                    "sort_by_label(up, \"job\")", 10_000, QueryOptions.DEFAULT))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.BAD_DATA))
                    .hasMessage("1:1: parse error: function \"sort_by_label\" is not enabled");
        }
        try (AnnotationConfigApplicationContext context = context(Map.of(
                "amphora.querier.promql.experimental-functions", "true"))) {
            QueryApi api = context.getBean(QueryApi.class);

            ApiResponse parsed = api.parseQuery(query);
            assertThat(parsed.httpStatus()).isEqualTo(200);
            assertThat(body(parsed)).contains("\"status\":\"success\"", "\"func\"");
            // Parsed and evaluated: it gets as far as reading the (empty) ingester ring.
            assertThatThrownBy(() -> context.getBean(Querier.class).instantQuery(TenantId.of("t"),
                    "sort_by_label(up, \"job\")", 10_000, QueryOptions.DEFAULT))
                    .hasMessageStartingWith("too many unhealthy ingesters in the ring");
        }
    }

    @Test
    void refusesInvalidValuesNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("amphora.querier.replication-factor", "0")))
                .hasMessageContaining("amphora.querier.replication-factor");
    }

    /** The querier's beans over an in-memory ring with no ingesters, bound to {@code properties}. */
    private static AnnotationConfigApplicationContext context(Map<String, Object> properties) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", properties));
        context.registerBean(KvStore.class, InMemoryKvStore::new);
        context.registerBean(Overrides.class, () -> Overrides.of(Limits.defaults()));
        context.registerBean(MeterRegistry.class, SimpleMeterRegistry::new);
        context.register(QuerierConfiguration.class);
        context.refresh();
        return context;
    }

    private static String body(ApiResponse response) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        response.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void wiresAQuerierOverTheIngesterRing() {
        try (AnnotationConfigApplicationContext context = context(Map.of())) {
            Querier querier = context.getBean(Querier.class);
            // No ingester has joined the ring yet: the read cannot be answered and says why.
            assertThatThrownBy(() -> querier.instantQuery(TenantId.of("t"), "up", 0, QueryOptions.DEFAULT))
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.type()).isEqualTo(QueryErrorType.INTERNAL))
                    .hasMessage("too many unhealthy ingesters in the ring: 0 of 0 healthy, a read with replication factor 1 needs 1");
        }
    }
}
