package io.amphora.gateway.wiring;

import io.amphora.gateway.GatewayConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayPropertiesTest {
    private static GatewayProperties unset() {
        return new GatewayProperties(null, null, null, null, null, null, null, null, null, null, null);
    }

    private static GatewayProperties region(String region, String accountId) {
        return new GatewayProperties(null, region, accountId, null, null, null, null, null, null, null, null);
    }

    @Test
    void unsetPropertiesTakeTheDefaults() {
        GatewayProperties properties = unset();

        assertThat(properties.toConfig()).isEqualTo(GatewayConfig.defaults());
        assertThat(properties.isAuthEnabled()).isTrue();
        assertThat(properties.maxRequestBodyBytes()).isEqualTo(64 << 20);
        assertThat(properties.credentialsReloadPeriod()).isEqualTo(GatewayProperties.DEFAULT_CREDENTIALS_RELOAD_PERIOD);
    }

    @Test
    void regionAndAccountFollowTheControlPlaneUnlessSet() {
        GatewayConfiguration configuration = new GatewayConfiguration();

        GatewayConfig followed = configuration.gatewayConfig(unset(), "eu-west-1", "123456789012");
        assertThat(followed.region()).isEqualTo("eu-west-1");
        assertThat(followed.accountId()).isEqualTo("123456789012");

        GatewayConfig own = configuration.gatewayConfig(region("eu-west-1", "123456789012"), "", "");
        assertThat(own.region()).isEqualTo("eu-west-1");
    }

    @Test
    void refusesARegionOrAccountThatDiffersFromTheControlPlanes() {
        GatewayConfiguration configuration = new GatewayConfiguration();

        assertThatThrownBy(() -> configuration.gatewayConfig(region("eu-west-1", null), "us-east-1", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amphora.gateway.region=eu-west-1 differs from amphora.control-plane.region=us-east-1");
        assertThatThrownBy(() -> configuration.gatewayConfig(region(null, "111111111111"), "", "222222222222"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amphora.control-plane.account-id=222222222222");
    }
}
