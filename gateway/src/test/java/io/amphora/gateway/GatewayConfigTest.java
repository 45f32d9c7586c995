package io.amphora.gateway;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayConfigTest {
    @Test
    void recordsItsDefaults() {
        assertThat(GatewayConfig.defaults()).isEqualTo(new GatewayConfig("us-east-1", "000000000000",
                Duration.ofMinutes(15), false, Optional.empty(), 1000, 2000));
        assertThat(GatewayConfig.defaults().validate()).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void acceptsAFullMapping() {
        GatewayConfig config = new GatewayConfig("eu-central-1", "123456789012", Duration.ofMinutes(5), true,
                Optional.of(Path.of("/etc/amphora/credentials.yaml")), 50.5, 10);

        assertThat(config.validate()).isSameAs(config);
    }

    @Test
    void namesTheFirstInvalidSetting() {
        GatewayConfig defaults = GatewayConfig.defaults();

        assertThatThrownBy(() -> new GatewayConfig("US-East-1", "000000000000", Duration.ofMinutes(15), false,
                Optional.empty(), 1, 1).validate()).hasMessage(
                "amphora.gateway.region must be lower-case letters, digits and '-', got 'US-East-1'");
        assertThatThrownBy(() -> new GatewayConfig("us-east-1", "1234", defaults.allowedClockSkew(), false,
                Optional.empty(), 1, 1).validate()).hasMessage("amphora.gateway.account-id must be 12 digits, got '1234'");
        assertThatThrownBy(() -> new GatewayConfig("us-east-1", "000000000000", Duration.ZERO, false,
                Optional.empty(), 1, 1).validate()).hasMessage("amphora.gateway.allowed-clock-skew must be positive");
        assertThatThrownBy(() -> new GatewayConfig("us-east-1", "000000000000", defaults.allowedClockSkew(), false,
                Optional.empty(), 0, 1).validate()).hasMessage("amphora.gateway.requests-per-second must be positive");
        assertThatThrownBy(() -> new GatewayConfig("us-east-1", "000000000000", defaults.allowedClockSkew(), false,
                Optional.empty(), 1, 0).validate()).hasMessage("amphora.gateway.request-burst must be at least 1");
    }
}
