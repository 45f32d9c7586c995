package io.amphora.storage;

import io.amphora.model.Matcher;

import java.util.Iterator;

/** Reads series as encoded chunks (Prometheus {@code storage.ChunkQuerier}); closing releases resources. */
public interface ChunkQuerier extends AutoCloseable {
    /**
     * Series matching all matchers, sorted by labels, each with the chunks overlapping {@code [mint, maxt]}.
     * The iterator may throw {@link io.amphora.model.AmphoraException} (e.g. {@code CORRUPT_DATA}).
     */
    Iterator<ChunkSeries> selectChunks(long mint, long maxt, Matcher... matchers);

    @Override
    void close();
}
