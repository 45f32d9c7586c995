package io.amphora.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * The one Amphora executable. {@code --amphora.target} picks the components this process runs (see
 * {@link Targets}); every process also serves {@code /ready}, {@code /metrics} and {@code /health} over HTTP and
 * publishes its components' gRPC services on the network and in-process.
 */
@SpringBootApplication
@EnableConfigurationProperties(AmphoraProperties.class)
@Import(TargetConfigurationSelector.class)
public class AmphoraApplication {
    public static void main(String[] args) {
        SpringApplication.run(AmphoraApplication.class, args);
    }
}
