package io.amphora.bench.remotewrite;

import io.amphora.model.Labels;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Builds remote-write request bodies carrying one sample per series, all at the same timestamp: the shape of one
 * scrape step of many targets.
 *
 * <p>Implementations are thread-safe: they keep only immutable per-series state built at construction, so several
 * senders may encode different batches at once.
 */
public sealed interface RequestEncoder permits V1RequestEncoder, V2RequestEncoder {
    /** An encoder of {@code protocol} requests for the series with these labels (series {@code i} is {@code series.get(i)}). */
    static RequestEncoder forProtocol(Protocol protocol, List<Labels> series) {
        requireNonNull(protocol, "protocol is null");
        return switch (protocol) {
            case V1 -> new V1RequestEncoder(series);
            case V2 -> new V2RequestEncoder(series);
        };
    }

    Protocol protocol();

    /**
     * The serialized protobuf request (not compressed) carrying, for each series {@code i} in {@code [from, to)}, the
     * sample {@code values[i]} at {@code timestampMillis}.
     *
     * @throws IndexOutOfBoundsException when the range is not within the series or the values
     */
    byte[] encode(long timestampMillis, double[] values, int from, int to);

    /** {@link #encode} compressed as remote write sends it: one snappy block, no framing. */
    default byte[] encodeCompressed(long timestampMillis, double[] values, int from, int to) {
        try {
            return Snappy.compress(encode(timestampMillis, values, from, to));
        }
        catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }
}
