package io.amphora.tsdb.head;

/**
 * Per-head settings.
 *
 * @param chunkRangeMillis chunks never span a multiple of this (Prometheus's 2 h block range); samples older than
 *     half of it behind the newest sample of the head are out of bounds, unless the tenant's out-of-order window
 *     accepts them
 * @param samplesPerChunk an open chunk is closed when it holds this many samples (Prometheus: 120)
 * @param activeSeriesWindowMillis a series is active while it received a sample within this window (wall clock)
 */
public record HeadOptions(long chunkRangeMillis, int samplesPerChunk, long activeSeriesWindowMillis) {
    public static final long DEFAULT_CHUNK_RANGE_MILLIS = 2 * 60 * 60 * 1000L;
    public static final int DEFAULT_SAMPLES_PER_CHUNK = 120;

    public HeadOptions {
        if (chunkRangeMillis <= 0) {
            throw new IllegalArgumentException("chunkRangeMillis must be positive");
        }
        if (samplesPerChunk < 1 || samplesPerChunk > 0xFFFF) {
            throw new IllegalArgumentException("samplesPerChunk must be in [1, 65535] (the chunk header holds a 16-bit count)");
        }
        if (activeSeriesWindowMillis <= 0) {
            throw new IllegalArgumentException("activeSeriesWindowMillis must be positive");
        }
    }

    public static HeadOptions defaults() {
        return new HeadOptions(DEFAULT_CHUNK_RANGE_MILLIS, DEFAULT_SAMPLES_PER_CHUNK, DEFAULT_CHUNK_RANGE_MILLIS);
    }
}
