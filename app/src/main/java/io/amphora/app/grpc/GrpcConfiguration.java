package io.amphora.app.grpc;

import io.amphora.app.AmphoraProperties;
import io.grpc.BindableService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every process: the gRPC servers that publish the selected targets' services, and in-process channels. */
@Configuration(proxyBeanMethods = false)
public class GrpcConfiguration {
    /** Publishes every {@link BindableService} bean the selected targets' configurations define. */
    @Bean
    public GrpcServers grpcServers(AmphoraProperties properties, ObjectProvider<BindableService> services) {
        return new GrpcServers(properties.grpc(), services.orderedStream().toList());
    }

    @Bean
    public InProcessChannelFactory inProcessChannelFactory(AmphoraProperties properties) {
        return new InProcessChannelFactory(properties.grpc().inProcessName());
    }
}
