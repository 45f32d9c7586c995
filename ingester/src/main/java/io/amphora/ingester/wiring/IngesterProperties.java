package io.amphora.ingester.wiring;

import io.amphora.ingester.IngesterConfig;
import io.amphora.tsdb.FsyncPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

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
 */
@ConfigurationProperties("amphora.ingester")
public record IngesterProperties(
        FsyncPolicy fsyncPolicy,
        Duration fsyncInterval,
        Duration checkpointInterval,
        DataSize checkpointWalSize,
        Duration activeSeriesWindow,
        Integer queryStreamBatchSize) {

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
