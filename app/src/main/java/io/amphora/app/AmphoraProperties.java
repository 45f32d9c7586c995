package io.amphora.app;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import static java.util.Objects.requireNonNull;

/**
 * The process-wide settings under {@code amphora.*}. Components bind their own settings under
 * {@code amphora.<component>.*} in their wiring.
 *
 * @param dataDir root directory of everything the process keeps on local disk; a relative path is resolved
 *         against the working directory of the process
 * @param target comma-separated targets to run (see {@link Targets}); read before beans exist by
 *         {@link TargetConfigurationSelector}, bound here so that it is documented and reported
 */
@ConfigurationProperties("amphora")
public record AmphoraProperties(
        @DefaultValue(AmphoraProperties.DEFAULT_DATA_DIR) Path dataDir,
        @DefaultValue(Targets.DEFAULT) String target,
        @DefaultValue Grpc grpc,
        @DefaultValue Lifecycle lifecycle) {
    public static final String DEFAULT_DATA_DIR = "./data";

    public AmphoraProperties {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(target, "target is null");
        requireNonNull(grpc, "grpc is null");
        requireNonNull(lifecycle, "lifecycle is null");
    }

    /**
     * @param port TCP port of the network gRPC server, on all interfaces; {@code 0} picks a free port, which
     *         the process logs once bound
     * @param inProcessName name of the in-process gRPC server that serves the same services to callers in this
     *         process; unique within the JVM
     * @param maxInboundMessageSize largest request message a server accepts
     * @param gracefulShutdownTimeout how long a stopping server lets calls in flight finish before cancelling
     *         them
     */
    public record Grpc(
            @DefaultValue("9095") int port,
            @DefaultValue("amphora") String inProcessName,
            @DefaultValue("100MB") DataSize maxInboundMessageSize,
            @DefaultValue("30s") Duration gracefulShutdownTimeout) {
        public Grpc {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("amphora.grpc.port must be within 0..65535, got " + port);
            }
            requireNonNull(inProcessName, "inProcessName is null");
            if (inProcessName.isBlank()) {
                throw new IllegalArgumentException("amphora.grpc.in-process-name must not be blank");
            }
            requireNonNull(maxInboundMessageSize, "maxInboundMessageSize is null");
            if (maxInboundMessageSize.toBytes() < 1 || maxInboundMessageSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("amphora.grpc.max-inbound-message-size must be within 1B.."
                        + Integer.MAX_VALUE + "B, got " + maxInboundMessageSize);
            }
            requirePositive(gracefulShutdownTimeout, "amphora.grpc.graceful-shutdown-timeout");
        }
    }

    /**
     * @param shutdownTimeout how long the process waits for its services to stop before it exits anyway
     */
    public record Lifecycle(@DefaultValue("30s") Duration shutdownTimeout) {
        public Lifecycle {
            requirePositive(shutdownTimeout, "amphora.lifecycle.shutdown-timeout");
        }
    }

    private static void requirePositive(Duration duration, String property) {
        requireNonNull(duration, property + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(property + " must be positive, got " + duration);
        }
    }
}
