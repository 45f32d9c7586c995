package io.amphora.tsdb.chunkenc;

/**
 * Malformed histogram chunk data, raised inside the decoders and turned into
 * {@code AmphoraException(CORRUPT_DATA)} by the iterators. Carries no stack trace: it is a data error, and the
 * iterator's message names the sample.
 */
final class ChunkFormatException extends RuntimeException {
    ChunkFormatException(String message) {
        super(message, null, false, false);
    }
}
