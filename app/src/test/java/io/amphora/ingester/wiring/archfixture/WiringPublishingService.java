package io.amphora.ingester.wiring.archfixture;

import io.grpc.BindableService;
import org.springframework.context.annotation.Bean;

/**
 * Allowed, for {@code io.amphora.app.ArchitectureTest}: a wiring class uses Spring and publishes a gRPC adapter
 * as a {@link BindableService} bean.
 */
public class WiringPublishingService {
    @Bean
    public BindableService ingesterService(BindableService adapter) {
        return adapter;
    }
}
