package io.amphora.app.grpc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;

import static java.util.Objects.requireNonNull;

/**
 * Opens channels to this process's in-process gRPC server (see {@link GrpcServers}), for the clients that
 * {@code app} binds to in-process targets in the single-process deployment. Calls made before the server
 * starts, or after it stops, fail with UNAVAILABLE. Thread-safe.
 */
public final class InProcessChannelFactory implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String serverName;
    private final Set<ManagedChannel> channels = ConcurrentHashMap.newKeySet();

    public InProcessChannelFactory(String serverName) {
        this.serverName = requireNonNull(serverName, "serverName is null");
    }

    /**
     * A new channel. The caller may shut it down when done; channels still open when this factory closes (with
     * the application context) are shut down then.
     */
    public ManagedChannel newChannel() {
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName).build();
        channels.add(channel);
        return channel;
    }

    @Override
    public void close() throws InterruptedException {
        channels.forEach(ManagedChannel::shutdown);
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        for (ManagedChannel channel : channels) {
            if (!channel.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                channel.shutdownNow();
            }
        }
        channels.clear();
    }
}
