package io.amphora.app.lifecycle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import com.google.common.util.concurrent.Service;
import com.google.common.util.concurrent.ServiceManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

import static com.google.common.util.concurrent.MoreExecutors.directExecutor;
import static java.util.Objects.requireNonNull;

/**
 * Runs the components' Guava {@link Service}s as one {@link ServiceManager} inside Spring's lifecycle: starts
 * them all and waits until every one is RUNNING when the context starts; stops them all, waiting at most the
 * shutdown timeout, when it closes.
 *
 * <p>The phase puts this after the web server has started, so that {@code /ready} and {@code /metrics} answer
 * while services start (a long WAL replay shows as 503 rather than as a dead port), and before the web server's
 * graceful shutdown, so that they still answer while services stop.
 *
 * <p>Thread-safe: Spring calls start and stop from one thread; {@link #notReady()} may be called from any.
 */
public final class ServiceManagerLifecycle implements SmartLifecycle, ReadinessCheck, AutoCloseable {
    public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;

    private static final Logger log = LoggerFactory.getLogger(ServiceManagerLifecycle.class);

    private final List<Service> services;
    // Absent when there are no services: Guava warns, with a stack trace, about a ServiceManager without any,
    // but a process whose targets own no service is legitimate.
    private final Optional<ServiceManager> manager;
    private final Duration shutdownTimeout;
    private volatile boolean running;

    public ServiceManagerLifecycle(List<Service> services, Duration shutdownTimeout) {
        this.services = List.copyOf(requireNonNull(services, "services is null"));
        this.shutdownTimeout = requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        this.manager = this.services.isEmpty() ? Optional.empty() : Optional.of(new ServiceManager(this.services));
        manager.ifPresent(serviceManager -> serviceManager.addListener(new FailureLogger(), directExecutor()));
    }

    /**
     * Starts every service and blocks until all are RUNNING.
     *
     * @throws IllegalStateException if a service fails to start; the others have been stopped by then
     */
    @Override
    public void start() {
        manager.ifPresent(serviceManager -> {
            log.info("Starting {} services: {}", services.size(), services);
            serviceManager.startAsync();
            try {
                serviceManager.awaitHealthy();
            } catch (IllegalStateException e) {
                stopAndWait(serviceManager);
                throw new IllegalStateException("Services failed to start: " + serviceManager.servicesByState(), e);
            }
            log.info("All services running; startup took {}", serviceManager.startupDurations());
        });
        running = true;
    }

    /** Stops every service and waits at most the shutdown timeout; idempotent. */
    @Override
    public void stop() {
        running = false;
        manager.ifPresent(this::stopAndWait);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Stops the services even when {@link #start()} failed half-way, which Spring does not stop. */
    @Override
    public void close() {
        stop();
    }

    /** Cortex's wording: "Some services are not Running:" then one {@code State: count} line per state. */
    @Override
    public List<String> notReady() {
        Map<Service.State, Long> counts = services.stream().collect(Collectors.groupingBy(
                Service::state, () -> new EnumMap<>(Service.State.class), Collectors.counting()));
        List<String> lines = new ArrayList<>();
        if (counts.keySet().stream().anyMatch(state -> state != Service.State.RUNNING)) {
            lines.add("Some services are not Running:");
            counts.forEach((state, count) -> lines.add(capitalized(state) + ": " + count));
        } else if (!running) {
            lines.add("Services are not started");
        }
        return lines;
    }

    private void stopAndWait(ServiceManager serviceManager) {
        if (serviceManager.servicesByState().keySet().stream()
                .allMatch(state -> state == Service.State.TERMINATED || state == Service.State.FAILED)) {
            return;
        }
        log.info("Stopping services: {}", services);
        serviceManager.stopAsync();
        try {
            serviceManager.awaitStopped(shutdownTimeout);
            log.info("All services stopped");
        } catch (TimeoutException e) {
            log.warn("Services did not stop within {}; exiting anyway: {}",
                    shutdownTimeout, serviceManager.servicesByState());
        }
    }

    private static String capitalized(Service.State state) {
        String name = state.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    private static final class FailureLogger extends ServiceManager.Listener {
        @Override
        public void failure(Service service) {
            log.error("Service {} failed", service, service.failureCause());
        }
    }
}
