package io.amphora.distributor.remotewrite;

/**
 * A run of consecutive native-histogram buckets. For the first span of a side, {@code offset} is the index of its
 * first bucket (may be negative); for later spans it is the number of empty buckets since the previous span ended.
 * {@code length} is the wire's uint32, so 0..2^32-1.
 */
public record BucketSpan(int offset, long length) {
    public BucketSpan {
        if (length < 0 || length > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("span length out of uint32 range: " + length);
        }
    }
}
