package io.amphora.app.lifecycle;

import com.google.common.util.concurrent.Service;
import io.amphora.app.AmphoraProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every process: the lifecycle of the selected targets' services, and readiness over them. */
@Configuration(proxyBeanMethods = false)
public class LifecycleConfiguration {
    /** Collects every Guava {@link Service} bean the selected targets' configurations define. */
    @Bean
    public ServiceManagerLifecycle serviceManagerLifecycle(ObjectProvider<Service> services, AmphoraProperties properties) {
        return new ServiceManagerLifecycle(services.orderedStream().toList(), properties.lifecycle().shutdownTimeout());
    }

    @Bean
    public ApplicationReadinessCheck applicationReadinessCheck(ApplicationAvailability availability) {
        return new ApplicationReadinessCheck(availability);
    }

    @Bean
    public Readiness readiness(ObjectProvider<ReadinessCheck> checks) {
        return new Readiness(checks.orderedStream().toList());
    }

    /** Named so that the contributor is {@code services}, the name the readiness group includes. */
    @Bean
    public ReadinessHealthIndicator servicesHealthIndicator(Readiness readiness) {
        return new ReadinessHealthIndicator(readiness);
    }
}
