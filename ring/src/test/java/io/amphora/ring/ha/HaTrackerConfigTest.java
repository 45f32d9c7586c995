package io.amphora.ring.ha;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HaTrackerConfigTest {
    @Test
    void defaultsFollowCortexAndTheManagedServiceQuotas() {
        HaTrackerConfig config = HaTrackerConfig.defaults();

        assertThat(config.updateTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.failoverTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxClusters()).isEqualTo(500);
        assertThat(config.staleClusterAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.maxCasAttempts()).isEqualTo(10);
    }

    @Test
    void theFailoverTimeoutMustExceedTheUpdateTimeout() {
        assertThatThrownBy(() -> HaTrackerConfig.defaults().withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HA tracker failover timeout (PT30S) must be longer than the update timeout (PT30S)");
        assertThat(HaTrackerConfig.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10))
                .failoverTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsNonsense() {
        HaTrackerConfig defaults = HaTrackerConfig.defaults();

        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxClusters(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withStaleClusterAge(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HaTrackerConfig(Duration.ofSeconds(15), Duration.ofSeconds(30), 1,
                Duration.ofMinutes(30), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
