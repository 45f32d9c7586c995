package io.amphora.app.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.amphora.app.AmphoraProperties;
import io.amphora.app.lifecycle.ReadinessCheck;
import io.amphora.app.lifecycle.ServiceManagerLifecycle;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import static java.util.Objects.requireNonNull;

/**
 * Publishes every gRPC service of the selected targets twice: on a Netty server at {@code amphora.grpc.port}
 * for other processes, and on an in-process server named {@code amphora.grpc.in-process-name} for callers in
 * this process (the single-process deployment talks to itself through it: one code path, no shortcut).
 * Handlers run on virtual threads, so a handler may block (on RocksDB, on a downstream call).
 *
 * <p>The phase puts the servers' start after every service is RUNNING, and their stop before any service
 * stops: a call never reaches a component that is starting or stopping. Stopping is graceful: new calls are
 * refused, calls in flight get {@code amphora.grpc.graceful-shutdown-timeout} to finish, and are then
 * cancelled.
 */
public final class GrpcServers implements SmartLifecycle, ReadinessCheck, AutoCloseable {
    public static final int PHASE = ServiceManagerLifecycle.PHASE + 256;

    private static final Logger log = LoggerFactory.getLogger(GrpcServers.class);
    private static final Duration CANCELLED_CALLS_TIMEOUT = Duration.ofSeconds(5);

    private final AmphoraProperties.Grpc settings;
    private final List<BindableService> services;
    // Serialises start and stop; the readiness reads below never wait for it, so /ready answers at once even
    // while stop() waits for calls in flight.
    private final Object lock = new Object();
    // All three are set together under the lock by start() and cleared by stop().
    private ExecutorService executor;
    private Server networkServer;
    private Server inProcessServer;
    private volatile boolean serving;
    private volatile int boundPort = -1;

    /** @throws IllegalArgumentException if two services have the same gRPC service name */
    public GrpcServers(AmphoraProperties.Grpc settings, List<BindableService> services) {
        this.settings = requireNonNull(settings, "settings is null");
        this.services = List.copyOf(requireNonNull(services, "services is null"));
        Set<String> names = new HashSet<>();
        for (String name : serviceNames()) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("Two beans implement gRPC service " + name);
            }
        }
    }

    /**
     * Binds and starts both servers.
     *
     * @throws UncheckedIOException if the port is taken or the in-process name is in use in this JVM
     */
    @Override
    public void start() {
        synchronized (lock) {
            if (networkServer != null) {
                return;
            }
            ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
            Server network = null;
            try {
                network = startNetworkServer(handlers);
                Server inProcess = startInProcessServer(handlers);
                executor = handlers;
                networkServer = network;
                inProcessServer = inProcess;
                boundPort = network.getPort();
                serving = true;
            } catch (IOException e) {
                abandon(network, handlers);
                throw new UncheckedIOException("Cannot start the gRPC servers (port " + settings.port()
                        + ", in-process name '" + settings.inProcessName() + "')", e);
            } catch (RuntimeException e) {
                abandon(network, handlers);
                throw e;
            }
        }
        log.info("gRPC server listening on port {} and in-process as '{}'; services: {}",
                port(), settings.inProcessName(), serviceNames());
    }

    /** Refuses new calls, lets calls in flight finish within the graceful shutdown timeout, then cancels them. */
    @Override
    public void stop() {
        synchronized (lock) {
            if (networkServer == null) {
                return;
            }
            serving = false;
            networkServer.shutdown();
            inProcessServer.shutdown();
            long deadline = System.nanoTime() + settings.gracefulShutdownTimeout().toNanos();
            boolean graceful = awaitTermination(networkServer, deadline) & awaitTermination(inProcessServer, deadline);
            if (!graceful) {
                log.warn("gRPC calls still running after {}; cancelling them", settings.gracefulShutdownTimeout());
                networkServer.shutdownNow();
                inProcessServer.shutdownNow();
                long cancelDeadline = System.nanoTime() + CANCELLED_CALLS_TIMEOUT.toNanos();
                awaitTermination(networkServer, cancelDeadline);
                awaitTermination(inProcessServer, cancelDeadline);
            }
            executor.shutdownNow();
            executor = null;
            networkServer = null;
            inProcessServer = null;
            boundPort = -1;
        }
        log.info("gRPC servers stopped");
    }

    /** True from a completed start until a stop begins. */
    @Override
    public boolean isRunning() {
        return serving;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Stops the servers even when the context failed to start after they did. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public List<String> notReady() {
        return isRunning() ? List.of() : List.of("gRPC servers are not serving");
    }

    /**
     * The port the network server is bound to; the actual one when {@code amphora.grpc.port} is 0.
     *
     * @throws IllegalStateException if the servers are not running
     */
    public int port() {
        int port = boundPort;
        if (port < 0) {
            throw new IllegalStateException("gRPC servers are not running");
        }
        return port;
    }

    /** The full names of the published services ({@code package.Service}), in bean order. */
    public List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        for (BindableService service : services) {
            names.add(service.bindService().getServiceDescriptor().getName());
        }
        return names;
    }

    private Server startNetworkServer(ExecutorService handlers) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forPort(settings.port())
                .executor(handlers)
                .maxInboundMessageSize(maxInboundMessageBytes());
        bindServices().forEach(builder::addService);
        return builder.build().start();
    }

    private Server startInProcessServer(ExecutorService handlers) throws IOException {
        InProcessServerBuilder builder = InProcessServerBuilder.forName(settings.inProcessName())
                .executor(handlers)
                .maxInboundMessageSize(maxInboundMessageBytes());
        bindServices().forEach(builder::addService);
        return builder.build().start();
    }

    private List<ServerServiceDefinition> bindServices() {
        return services.stream().map(BindableService::bindService).toList();
    }

    private int maxInboundMessageBytes() {
        return Math.toIntExact(settings.maxInboundMessageSize().toBytes());
    }

    private static void abandon(Server network, ExecutorService handlers) {
        if (network != null) {
            network.shutdownNow();
        }
        handlers.shutdownNow();
    }

    private static boolean awaitTermination(Server server, long deadlineNanos) {
        try {
            return server.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return server.isTerminated();
        }
    }
}
