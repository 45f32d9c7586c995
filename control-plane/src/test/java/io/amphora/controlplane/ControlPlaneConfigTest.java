package io.amphora.controlplane;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneConfigTest {
    @Test
    void defaultsAreTheManagedServicesAndValid() {
        ControlPlaneConfig defaults = ControlPlaneConfig.defaults();

        assertThat(defaults.validate()).isSameAs(defaults);
        assertThat(defaults).isEqualTo(new ControlPlaneConfig("000000000000", "us-east-1",
                URI.create("http://localhost:8080"), 25, 100, 1048576, 150, Duration.ZERO, Duration.ofSeconds(1),
                Duration.ofMinutes(5)));
    }

    @Test
    void buildsPrometheusEndpointsWithOrWithoutATrailingSlash() {
        assertThat(config("https://amphora.example.com/").prometheusEndpoint("ws-1"))
                .isEqualTo("https://amphora.example.com/workspaces/ws-1/");
        assertThat(config("https://amphora.example.com/base").prometheusEndpoint("ws-1"))
                .isEqualTo("https://amphora.example.com/base/workspaces/ws-1/");
    }

    @Test
    void namesTheFirstInvalidSettingByItsProperty() {
        assertThatThrownBy(() -> new ControlPlaneConfig("1234", "us-east-1", URI.create("http://h"), 25, 100, 1, 150,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5)).validate())
                .hasMessage("amphora.control-plane.account-id must be 12 digits, got '1234'");
        assertThatThrownBy(() -> new ControlPlaneConfig("123456789012", "USEAST", URI.create("http://h"), 25, 100, 1,
                150, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5)).validate())
                .hasMessageStartingWith("amphora.control-plane.region must be a region name");
        assertThatThrownBy(() -> config("ftp://h").validate())
                .hasMessageStartingWith("amphora.control-plane.public-url must be an http or https URL");
        assertThatThrownBy(() -> new ControlPlaneConfig("123456789012", "us-east-1", URI.create("http://h"), 0, 100, 1,
                150, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5)).validate())
                .hasMessage("amphora.control-plane.max-workspaces must be positive, got 0");
        assertThatThrownBy(() -> new ControlPlaneConfig("123456789012", "us-east-1", URI.create("http://h"), 1, 100, 1,
                2000, Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5)).validate())
                .hasMessage("amphora.control-plane.default-retention-period-days must be within 1..1095, got 2000");
        assertThatThrownBy(() -> new ControlPlaneConfig("123456789012", "us-east-1", URI.create("http://h"), 1, 100, 1,
                150, Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofMinutes(5)).validate())
                .hasMessage("amphora.control-plane.transition-delay must not be negative, got PT-1S");
        assertThatThrownBy(() -> new ControlPlaneConfig("123456789012", "us-east-1", URI.create("http://h"), 1, 100, 1,
                150, Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(5)).validate())
                .hasMessageStartingWith("amphora.control-plane.deletion-retry-max-backoff must be at least");
    }

    private static ControlPlaneConfig config(String publicUrl) {
        return new ControlPlaneConfig("123456789012", "us-east-1", URI.create(publicUrl), 25, 100, 1 << 20, 150,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofMinutes(5));
    }
}
