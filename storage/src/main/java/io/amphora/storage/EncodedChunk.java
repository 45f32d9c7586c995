package io.amphora.storage;

import static java.util.Objects.requireNonNull;

/**
 * One chunk in its storage encoding. {@code encoding} uses Prometheus's chunk encoding numbers (1 = XOR).
 * Both time bounds are inclusive. The byte array is owned by the record's creator and must not be modified.
 */
public record EncodedChunk(long minTime, long maxTime, int encoding, byte[] data) {
    public static final int ENCODING_XOR = 1;

    public EncodedChunk {
        requireNonNull(data, "data is null");
        if (minTime > maxTime) {
            throw new IllegalArgumentException("minTime " + minTime + " is after maxTime " + maxTime);
        }
    }
}
