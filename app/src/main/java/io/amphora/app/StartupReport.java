package io.amphora.app;

import java.util.Set;
import java.util.stream.Collectors;

import io.amphora.app.Targets.Target;
import io.amphora.app.grpc.GrpcServers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import static java.util.Objects.requireNonNull;

/** Logs, once the process is up, what it runs and where to reach it: one line an operator can grep for. */
@Component
public final class StartupReport implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

    private final AmphoraProperties properties;
    private final GrpcServers grpcServers;
    private final ObjectProvider<BuildProperties> buildProperties;

    public StartupReport(
            AmphoraProperties properties, GrpcServers grpcServers, ObjectProvider<BuildProperties> buildProperties) {
        this.properties = requireNonNull(properties, "properties is null");
        this.grpcServers = requireNonNull(grpcServers, "grpcServers is null");
        this.buildProperties = requireNonNull(buildProperties, "buildProperties is null");
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Set<Target> running = Targets.withDependencies(Targets.parse(properties.target()));
        String httpPort = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? String.valueOf(web.getWebServer().getPort())
                : "none";
        log.info("Amphora {} started: target {} (runs {}), data dir {}, HTTP port {}, gRPC port {}, "
                        + "in-process gRPC name '{}'",
                version(),
                properties.target(),
                running.stream().map(Target::id).collect(Collectors.joining(", ")),
                properties.dataDir().toAbsolutePath().normalize(),
                httpPort,
                grpcServers.port(),
                properties.grpc().inProcessName());
    }

    private String version() {
        BuildProperties build = buildProperties.getIfAvailable();
        return build == null ? "(version unknown: no build-info)" : build.getVersion();
    }
}
