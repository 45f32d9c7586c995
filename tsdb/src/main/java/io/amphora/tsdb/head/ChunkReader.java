package io.amphora.tsdb.head;

import io.amphora.storage.EncodedChunk;

/** Reads a persisted chunk of a head's tenant; throws {@code AmphoraException(CORRUPT_DATA)} on a checksum failure. */
@FunctionalInterface
public interface ChunkReader {
    EncodedChunk read(long seriesRef, long minTime, long chunkId);
}
