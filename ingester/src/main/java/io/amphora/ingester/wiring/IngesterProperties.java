package io.amphora.ingester.wiring;

import io.amphora.ingester.IngesterConfig;
import io.amphora.ring.LifecyclerConfig;
import io.amphora.ring.RingKeys;
import io.amphora.tsdb.FsyncPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Binding shell for {@code amphora.ingester.*}; defaults live in {@link IngesterConfig}.
 *
 * @param fsyncPolicy {@code always} (fsync before acknowledging) or {@code interval}
 * @param fsyncInterval fsync period under {@code interval}
 * @param checkpointInterval how often open chunks are persisted and the WAL truncated
 * @param checkpointWalSize WAL growth that triggers an early checkpoint
 * @param activeSeriesWindow how long a series counts as active after its last sample
 * @param queryStreamBatchSize series per QueryStream message
 * @param ring how this ingester registers in the ingester ring
 */
@ConfigurationProperties("amphora.ingester")
public record IngesterProperties(
        FsyncPolicy fsyncPolicy,
        Duration fsyncInterval,
        Duration checkpointInterval,
        DataSize checkpointWalSize,
        Duration activeSeriesWindow,
        Integer queryStreamBatchSize,
        Ring ring) {

    /**
     * @param instanceId unique and stable across restarts; defaults to the host name
     * @param address where distributors reach this ingester; defaults to this process's in-process gRPC server
     *     ({@code in-process:<amphora.grpc.in-process-name>}), right for the single process; set {@code host:port}
     *     in the microservices deployment
     * @param zone availability zone for zone-aware replication, or empty
     */
    public record Ring(String instanceId, String address, String zone) {}

    LifecyclerConfig ringConfig(String inProcessName) {
        String id = ring != null && ring.instanceId() != null && !ring.instanceId().isBlank() ? ring.instanceId() : hostName();
        String address = ring != null && ring.address() != null && !ring.address().isBlank() ? ring.address() : "in-process:" + inProcessName;
        String zone = ring != null && ring.zone() != null ? ring.zone() : "";
        return new LifecyclerConfig(RingKeys.INGESTER, id, address, zone, LifecyclerConfig.DEFAULT_NUM_TOKENS,
                LifecyclerConfig.DEFAULT_HEARTBEAT_PERIOD, LifecyclerConfig.DEFAULT_MAX_CAS_ATTEMPTS);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "ingester";
        }
    }

    IngesterConfig toConfig(Path dataDir) {
        return new IngesterConfig(
                dataDir,
                fsyncPolicy != null ? fsyncPolicy : IngesterConfig.DEFAULT_FSYNC_POLICY,
                fsyncInterval != null ? fsyncInterval : IngesterConfig.DEFAULT_FSYNC_INTERVAL,
                checkpointInterval != null ? checkpointInterval : IngesterConfig.DEFAULT_CHECKPOINT_INTERVAL,
                checkpointWalSize != null ? checkpointWalSize.toBytes() : IngesterConfig.DEFAULT_CHECKPOINT_WAL_BYTES,
                activeSeriesWindow != null ? activeSeriesWindow : IngesterConfig.DEFAULT_ACTIVE_SERIES_WINDOW,
                queryStreamBatchSize != null ? queryStreamBatchSize : IngesterConfig.DEFAULT_QUERY_STREAM_BATCH_SIZE)
                .validate();
    }
}
