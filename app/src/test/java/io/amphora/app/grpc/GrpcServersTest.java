package io.amphora.app.grpc;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.amphora.app.AmphoraProperties;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class GrpcServersTest {
    private static final Duration TEST_TIMEOUT = Duration.ofSeconds(20);

    private final String inProcessName = "grpc-servers-test-" + UUID.randomUUID();
    private final InProcessChannelFactory channels = new InProcessChannelFactory(inProcessName);
    // Not the common pool: it has a single thread on a 2-core machine, and these tests block on purpose.
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private ManagedChannel networkChannel;

    @AfterEach
    void closeChannels() throws InterruptedException {
        threads.shutdownNow();
        channels.close();
        if (networkChannel != null) {
            networkChannel.shutdownNow();
        }
    }

    @Test
    void servesEveryServiceOnTheNetworkPortAndInProcess() {
        GrpcServers servers = new GrpcServers(settings(0, Duration.ofSeconds(5)),
                List.of(new EchoService(), new EchoService("amphora.test.Other")));
        assertThat(servers.notReady()).containsExactly("gRPC servers are not serving");

        servers.start();
        try {
            assertThat(servers.isRunning()).isTrue();
            assertThat(servers.notReady()).isEmpty();
            assertThat(servers.port()).isPositive();
            assertThat(servers.serviceNames()).containsExactly("amphora.test.Echo", "amphora.test.Other");

            assertThat(EchoService.echo(network(servers.port()), "over tcp")).isEqualTo("echo: over tcp");
            assertThat(EchoService.echo(channels.newChannel(), "in process")).isEqualTo("echo: in process");
            assertThat(EchoService.echo(channels.newChannel(), "amphora.test.Other", "x")).isEqualTo("echo: x");
        } finally {
            servers.stop();
        }
        assertThat(servers.isRunning()).isFalse();
        assertThat(servers.notReady()).containsExactly("gRPC servers are not serving");
        assertThatThrownBy(servers::port).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> EchoService.echo(channels.newChannel(), "after stop"))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    @Test
    void stopRefusesNewCallsAndLetsCallsInFlightFinish() throws Exception {
        EchoService echo = new EchoService();
        GrpcServers servers = new GrpcServers(settings(0, Duration.ofSeconds(30)), List.of(echo));
        servers.start();
        ManagedChannel channel = channels.newChannel();
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> EchoService.echo(channel, "wait"), threads);
        echo.awaitWaitingCall();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(servers::stop, threads);
        assertTimeoutPreemptively(TEST_TIMEOUT, () -> {
            while (acceptsNewCalls()) {
                Thread.sleep(10);
            }
        });
        assertThat(stopping).isNotDone();
        // Readiness must answer while stop() waits for the call in flight.
        assertThat(assertTimeoutPreemptively(TEST_TIMEOUT, servers::notReady))
                .containsExactly("gRPC servers are not serving");

        echo.release();
        assertThat(inFlight.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("echo: wait");
        stopping.get(TEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertThat(servers.isRunning()).isFalse();
    }

    @Test
    void stopCancelsCallsThatOutliveTheGracefulShutdownTimeout() throws Exception {
        EchoService echo = new EchoService();
        GrpcServers servers = new GrpcServers(settings(0, Duration.ofMillis(200)), List.of(echo));
        servers.start();
        ManagedChannel channel = channels.newChannel();
        CompletableFuture<String> inFlight = CompletableFuture.supplyAsync(() -> EchoService.echo(channel, "wait"), threads);
        echo.awaitWaitingCall();
        try {
            assertTimeoutPreemptively(TEST_TIMEOUT, () -> servers.stop());

            assertThat(servers.isRunning()).isFalse();
            assertThat(inFlight).failsWithin(TEST_TIMEOUT)
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            echo.release();
        }
    }

    @Test
    void startFailsClearlyWhenThePortIsTakenAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"))) {
            GrpcServers servers = new GrpcServers(settings(taken.getLocalPort(), Duration.ofSeconds(5)),
                    List.of(new EchoService()));

            assertThatThrownBy(servers::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Cannot start the gRPC servers (port " + taken.getLocalPort());
            assertThat(servers.isRunning()).isFalse();
        }
        GrpcServers again = new GrpcServers(settings(0, Duration.ofSeconds(5)), List.of(new EchoService()));
        again.start();
        again.stop();
    }

    @Test
    void startFailsWhenTheInProcessNameIsTakenAndReleasesThePort() {
        GrpcServers first = new GrpcServers(settings(0, Duration.ofSeconds(5)), List.of(new EchoService()));
        first.start();
        try {
            GrpcServers second = new GrpcServers(settings(0, Duration.ofSeconds(5)), List.of(new EchoService()));
            assertThatThrownBy(second::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("in-process name '" + inProcessName + "'");
            assertThat(second.isRunning()).isFalse();
        } finally {
            first.stop();
        }
    }

    @Test
    void refusesTwoServicesWithTheSameName() {
        assertThatThrownBy(() -> new GrpcServers(settings(0, Duration.ofSeconds(5)),
                List.of(new EchoService(), new EchoService())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Two beans implement gRPC service amphora.test.Echo");
    }

    @Test
    void stopIsIdempotent() {
        GrpcServers servers = new GrpcServers(settings(0, Duration.ofSeconds(5)), List.of());
        servers.stop();
        servers.start();
        servers.stop();
        servers.close();
        assertThat(servers.isRunning()).isFalse();
    }

    private boolean acceptsNewCalls() {
        ManagedChannel probe = channels.newChannel();
        try {
            EchoService.echo(probe, "probe");
            return true;
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            return false;
        } finally {
            probe.shutdownNow();
        }
    }

    private ManagedChannel network(int port) {
        networkChannel = Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
                .build();
        return networkChannel;
    }

    private AmphoraProperties.Grpc settings(int port, Duration gracefulShutdownTimeout) {
        return new AmphoraProperties.Grpc(port, inProcessName, DataSize.ofMegabytes(4), gracefulShutdownTimeout);
    }
}
