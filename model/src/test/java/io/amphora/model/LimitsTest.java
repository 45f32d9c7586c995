package io.amphora.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LimitsTest {
    @Test
    void defaultsAreTheManagedServiceQuotas() {
        Limits d = Limits.defaults();
        assertThat(d.ingestionRate()).isEqualTo(140_000);
        assertThat(d.ingestionBurstSize()).isEqualTo(1_000_000);
        assertThat(d.maxSeriesPerUser()).isEqualTo(2_000_000);
        assertThat(d.maxSeriesPerMetric()).isEqualTo(2_000_000);
        assertThat(d.maxLabelNamesPerSeries()).isEqualTo(70);
        assertThat(d.haMaxClusters()).isEqualTo(500);
        assertThat(d.outOfOrderTimeWindow()).isZero();
    }

    @Test
    void queryLimitDefaultsAreTheManagedServiceQuotas() {
        Limits d = Limits.defaults();
        assertThat(d.maxFetchedSeriesPerQuery()).isZero();
        assertThat(d.maxFetchedChunksPerQuery()).isEqualTo(2_000_000);
        assertThat(d.maxFetchedSamplesPerQuery()).isEqualTo(50_000_000);
        assertThat(d.maxQueryLength()).isEqualTo(Duration.ofDays(32));
        assertThat(d.with(Map.of("max_query_length", "1d")).maxQueryLength()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void overridesReplaceOnlyTheGivenKeys() {
        Limits changed = Limits.defaults().with(Map.of("ingestion_rate", 10, "out_of_order_time_window", "10m",
                "accept_ha_samples", false, "ha_cluster_label", "prom"));
        assertThat(changed.ingestionRate()).isEqualTo(10);
        assertThat(changed.outOfOrderTimeWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(changed.acceptHaSamples()).isFalse();
        assertThat(changed.haClusterLabel()).isEqualTo("prom");
        assertThat(changed.maxSeriesPerUser()).isEqualTo(2_000_000);
    }

    @Test
    void rejectsUnknownKeysAndWrongKinds() {
        assertThatThrownBy(() -> Limits.defaults().with(Map.of("ingestion_rat", 1)))
                .hasMessageContaining("unknown limit ingestion_rat");
        assertThatThrownBy(() -> Limits.defaults().with(Map.of("max_global_series_per_user", 1.5)))
                .hasMessageContaining("not an integer");
        assertThatThrownBy(() -> Limits.defaults().with(Map.of("creation_grace_period", "ten minutes")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Limits.defaults().with(Map.of("ingestion_burst_size", -1)))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void everyKeyRoundTripsThroughWith() {
        Limits d = Limits.defaults();
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        Limits.yamlKeys().forEach((k, getter) -> all.put(k, getter.apply(d)));
        assertThat(d.with(all)).isEqualTo(d);
    }

    @Test
    void overridesLookUpPerTenant() {
        Limits small = Limits.defaults().with(Map.of("ingestion_rate", 1));
        Overrides o = Overrides.of(Limits.defaults(), Map.of(TenantId.of("a"), small));
        assertThat(o.forTenant(TenantId.of("a"))).isEqualTo(small);
        assertThat(o.forTenant(TenantId.of("b"))).isEqualTo(Limits.defaults());
    }

    @Test
    void parsesAndFormatsPrometheusDurations() {
        assertThat(PrometheusDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PrometheusDuration.parse("0")).isZero();
        assertThat(PrometheusDuration.parse("150d")).isEqualTo(Duration.ofDays(150));
        assertThat(PrometheusDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(PrometheusDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(PrometheusDuration.format(Duration.ZERO)).isEqualTo("0s");
        for (String bad : new String[] {"", "1", "m", "1x", "30m1h", "1h1h", "-1h", "1.5h"}) {
            assertThatThrownBy(() -> PrometheusDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
