package io.amphora.controlplane.wiring;

import io.amphora.controlplane.ControlPlane;
import io.amphora.controlplane.ControlPlaneConfig;
import io.amphora.controlplane.TaskScheduler;
import io.amphora.controlplane.WorkspaceDataDeleter;
import io.amphora.controlplane.api.ControlPlaneApi;
import io.amphora.controlplane.store.ControlPlaneStore;
import io.amphora.controlplane.store.RocksDbControlPlaneStore;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spring wiring of the control plane: the {@link ControlPlane} service over a RocksDB store in
 * {@code <amphora.data-dir>/control-plane}, and the managed service's control-plane API
 * ({@link ControlPlaneController}). Expects a {@link WorkspaceDataDeleter} bean from the executable: what deletes a
 * deleted workspace's data everywhere. The {@link ControlPlane} is a Guava {@code Service}: the executable's service
 * manager starts it, which resumes the work a previous run left pending.
 */
@Configuration(proxyBeanMethods = false)
@Import(ControlPlaneController.class)
@EnableConfigurationProperties(ControlPlaneProperties.class)
public class ControlPlaneConfiguration {
    @Bean
    ControlPlaneConfig controlPlaneConfig(ControlPlaneProperties properties, @Value("${server.port:8080}") int port) {
        return properties.toConfig(port);
    }

    @Bean(destroyMethod = "close")
    ControlPlaneStore controlPlaneStore(@Value("${amphora.data-dir:./data}") Path dataDir) {
        return RocksDbControlPlaneStore.open(dataDir.resolve("control-plane"));
    }

    @Bean(destroyMethod = "close")
    ControlPlaneScheduler controlPlaneScheduler() {
        return new ControlPlaneScheduler();
    }

    @Bean
    ControlPlane controlPlane(ControlPlaneConfig config, ControlPlaneStore controlPlaneStore,
            WorkspaceDataDeleter deleter, ControlPlaneScheduler controlPlaneScheduler) {
        return new ControlPlane(config, controlPlaneStore, deleter, controlPlaneScheduler, InstantSource.system(),
                new SecureRandom(), new PromqlParser(ParserOptions.defaults()));
    }

    @Bean
    ControlPlaneApi controlPlaneApi(ControlPlane controlPlane, ControlPlaneConfig config) {
        return new ControlPlaneApi(controlPlane, ControlPlaneApi.maxRequestBytesFor(config.maxDefinitionBytes()));
    }

    /**
     * Tomcat refuses {@code %2F} in paths by default; the ARNs of {@code /tags/{resourceArn}} arrive with their
     * slashes encoded so, and must reach the controller still encoded (not decoded into separate segments).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.connector.Connector")
    static class TomcatEncodedSlashes {
        @Bean
        TomcatConnectorCustomizer controlPlaneEncodedSlashes() {
            return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        }
    }

    /**
     * Runs the control plane's background work: one platform thread keeps time, and each task runs on a virtual
     * thread, so that a slow deletion of a workspace's data never holds back the status changes of others. Once
     * closed it drops what it is given: the work stays pending in the store and resumes when the control plane
     * starts again.
     */
    static final class ControlPlaneScheduler implements TaskScheduler, AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("control-plane-timer").daemon().factory());
        private final ExecutorService workers =
                Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("control-plane-", 0).factory());

        @Override
        public void schedule(Duration delay, Runnable task) {
            try {
                timer.schedule(() -> {
                    if (!workers.isShutdown()) {
                        workers.execute(task);
                    }
                }, delay.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // Closed: see the class comment.
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
            workers.shutdownNow();
        }
    }
}
