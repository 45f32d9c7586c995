package io.amphora.controlplane.wiring;

import io.amphora.controlplane.ControlPlaneConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlanePropertiesTest {
    @Test
    void defaultsAreTheManagedServicesWithThePublicUrlOnTheServerPort() {
        ControlPlaneConfig config = bind(Map.of()).toConfig(9009);

        assertThat(config).isEqualTo(new ControlPlaneConfig("000000000000", "us-east-1",
                URI.create("http://localhost:9009"), 25, 100, 1024 * 1024, 150, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofMinutes(5)));
    }

    @Test
    void bindsEveryProperty() {
        ControlPlaneConfig config = bind(Map.of(
                "amphora.control-plane.account-id", "123456789012",
                "amphora.control-plane.region", "eu-central-1",
                "amphora.control-plane.public-url", "https://metrics.example.com",
                "amphora.control-plane.max-workspaces", "100",
                "amphora.control-plane.max-rule-groups-namespaces", "7",
                "amphora.control-plane.max-definition-size", "2MB",
                "amphora.control-plane.default-retention-period-days", "30",
                "amphora.control-plane.transition-delay", "2s",
                "amphora.control-plane.deletion-retry-min-backoff", "500ms",
                "amphora.control-plane.deletion-retry-max-backoff", "1m")).toConfig(8080);

        assertThat(config).isEqualTo(new ControlPlaneConfig("123456789012", "eu-central-1",
                URI.create("https://metrics.example.com"), 100, 7, 2 * 1024 * 1024, 30, Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofMinutes(1)));
    }

    @Test
    void refusesInvalidValuesNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("amphora.control-plane.account-id", "12")).toConfig(8080))
                .hasMessage("amphora.control-plane.account-id must be 12 digits, got '12'");
        assertThatThrownBy(() -> bind(Map.of("amphora.control-plane.max-definition-size", "2GB")).toConfig(8080))
                .hasMessage("amphora.control-plane.max-definition-size must be at most 1GB, got 2147483648B");
        assertThatThrownBy(() -> bind(Map.of("amphora.control-plane.max-workspaces", "0")).toConfig(8080))
                .hasMessage("amphora.control-plane.max-workspaces must be positive, got 0");
    }

    private static ControlPlaneProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("amphora.control-plane", Bindable.of(ControlPlaneProperties.class));
    }
}
