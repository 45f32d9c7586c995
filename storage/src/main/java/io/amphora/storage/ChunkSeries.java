package io.amphora.storage;

import io.amphora.model.Labels;

import java.util.List;

/**
 * A series as encoded chunks, for shipping over the wire without decoding (ingester {@code QueryStream}).
 * Chunks are sorted by min time and may overlap (e.g. out-of-order chunks); readers merge them.
 */
public record ChunkSeries(Labels labels, List<EncodedChunk> chunks) {
    public ChunkSeries {
        java.util.Objects.requireNonNull(labels, "labels is null");
        chunks = List.copyOf(chunks);
    }
}
