package io.amphora.ingester;

import io.amphora.tsdb.FsyncPolicy;
import io.amphora.tsdb.TsdbConfig;
import io.amphora.tsdb.head.HeadOptions;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The ingester's settings (properties {@code amphora.ingester.*}; reference: {@code docs/configuration.md}).
 *
 * @param dataDir where the RocksDB store lives ({@code <amphora.data-dir>/ingester}), with the markers of unfinished
 *     tenant deletions in its {@code tenant-deletions/} directory
 * @param fsyncPolicy when pushes are fsynced; see {@link FsyncPolicy}
 * @param fsyncInterval how often buffered writes are fsynced under {@link FsyncPolicy#INTERVAL}
 * @param checkpointInterval how often open chunks are persisted and the WAL truncated
 * @param checkpointWalBytes a checkpoint is also taken when the WAL grew by this many bytes since the last one,
 *     which bounds start-up replay time
 * @param activeSeriesWindow a series is active while it received a sample within this window
 * @param queryStreamBatchSize series per QueryStream message
 */
public record IngesterConfig(
        Path dataDir,
        FsyncPolicy fsyncPolicy,
        Duration fsyncInterval,
        Duration checkpointInterval,
        long checkpointWalBytes,
        Duration activeSeriesWindow,
        int queryStreamBatchSize) {
    public static final FsyncPolicy DEFAULT_FSYNC_POLICY = FsyncPolicy.ALWAYS;
    public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMinutes(1);
    public static final long DEFAULT_CHECKPOINT_WAL_BYTES = 128L << 20;
    public static final Duration DEFAULT_ACTIVE_SERIES_WINDOW = Duration.ofHours(2);
    public static final int DEFAULT_QUERY_STREAM_BATCH_SIZE = 128;

    public IngesterConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(fsyncPolicy, "fsyncPolicy is null");
        requireNonNull(fsyncInterval, "fsyncInterval is null");
        requireNonNull(checkpointInterval, "checkpointInterval is null");
        requireNonNull(activeSeriesWindow, "activeSeriesWindow is null");
    }

    public static IngesterConfig defaults(Path dataDir) {
        return new IngesterConfig(dataDir, DEFAULT_FSYNC_POLICY, DEFAULT_FSYNC_INTERVAL,
                DEFAULT_CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_WAL_BYTES, DEFAULT_ACTIVE_SERIES_WINDOW,
                DEFAULT_QUERY_STREAM_BATCH_SIZE);
    }

    /** @throws IllegalArgumentException naming the first invalid setting */
    public IngesterConfig validate() {
        if (!fsyncInterval.isPositive()) {
            throw new IllegalArgumentException("amphora.ingester.fsync-interval must be positive");
        }
        if (!checkpointInterval.isPositive()) {
            throw new IllegalArgumentException("amphora.ingester.checkpoint-interval must be positive");
        }
        if (checkpointWalBytes <= 0) {
            throw new IllegalArgumentException("amphora.ingester.checkpoint-wal-bytes must be positive");
        }
        if (!activeSeriesWindow.isPositive()) {
            throw new IllegalArgumentException("amphora.ingester.active-series-window must be positive");
        }
        if (queryStreamBatchSize < 1) {
            throw new IllegalArgumentException("amphora.ingester.query-stream-batch-size must be at least 1");
        }
        return this;
    }

    public TsdbConfig tsdbConfig() {
        return new TsdbConfig(dataDir, fsyncPolicy, new HeadOptions(HeadOptions.DEFAULT_CHUNK_RANGE_MILLIS,
                HeadOptions.DEFAULT_SAMPLES_PER_CHUNK, activeSeriesWindow.toMillis()));
    }
}
