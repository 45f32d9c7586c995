package io.amphora.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmphoraPropertiesTest {
    @Test
    void defaultsAreTheSingleProcessDeployment() {
        AmphoraProperties properties = bind(Map.of());

        assertThat(properties).isEqualTo(new AmphoraProperties(
                Path.of(AmphoraProperties.DEFAULT_DATA_DIR).normalize(),
                "all",
                new AmphoraProperties.Grpc(9095, "amphora", DataSize.ofMegabytes(100), Duration.ofSeconds(30)),
                new AmphoraProperties.Lifecycle(Duration.ofSeconds(30))));
    }

    @Test
    void bindsEveryProperty() {
        AmphoraProperties properties = bind(Map.of(
                "amphora.data-dir", "/var/lib/amphora",
                "amphora.target", "ingester",
                "amphora.grpc.port", "0",
                "amphora.grpc.in-process-name", "elsewhere",
                "amphora.grpc.max-inbound-message-size", "16MB",
                "amphora.grpc.graceful-shutdown-timeout", "5s",
                "amphora.lifecycle.shutdown-timeout", "2m"));

        assertThat(properties).isEqualTo(new AmphoraProperties(
                Path.of("/var/lib/amphora"),
                "ingester",
                new AmphoraProperties.Grpc(0, "elsewhere", DataSize.ofMegabytes(16), Duration.ofSeconds(5)),
                new AmphoraProperties.Lifecycle(Duration.ofMinutes(2))));
    }

    @Test
    void rejectsPortOutsideTheTcpRange() {
        assertThatThrownBy(() -> bind(Map.of("amphora.grpc.port", "70000")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("amphora.grpc.port must be within 0..65535, got 70000");
    }

    @Test
    void rejectsNonPositiveTimeoutsAndBlankNames() {
        assertThatThrownBy(() -> bind(Map.of("amphora.lifecycle.shutdown-timeout", "0s")))
                .rootCause().hasMessage("amphora.lifecycle.shutdown-timeout must be positive, got PT0S");
        assertThatThrownBy(() -> bind(Map.of("amphora.grpc.graceful-shutdown-timeout", "-1s")))
                .rootCause().hasMessage("amphora.grpc.graceful-shutdown-timeout must be positive, got PT-1S");
        assertThatThrownBy(() -> bind(Map.of("amphora.grpc.in-process-name", " ")))
                .rootCause().hasMessage("amphora.grpc.in-process-name must not be blank");
        assertThatThrownBy(() -> bind(Map.of("amphora.grpc.max-inbound-message-size", "4GB")))
                .rootCause().hasMessageStartingWith("amphora.grpc.max-inbound-message-size must be within");
    }

    private static AmphoraProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("amphora", Bindable.of(AmphoraProperties.class));
    }
}
