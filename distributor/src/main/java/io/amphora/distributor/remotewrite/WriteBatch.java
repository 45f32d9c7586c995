package io.amphora.distributor.remotewrite;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One decoded remote-write request.
 *
 * <p>{@code series} are as sent, in request order; nothing has been validated yet (labels may be duplicated, empty,
 * unsorted or not valid UTF-8). {@code metadata} holds the 1.0 metadata entries (a 1.0 request may carry only
 * metadata); 2.0 requests carry metadata per series instead and leave it empty. {@code rejected} lists the parts
 * that could not even be decoded into a series (2.0 only); they are not in {@code series}.
 */
public record WriteBatch(
        List<IncomingSeries> series,
        List<MetricMetadata> metadata,
        ProtocolVersion version,
        List<Rejection> rejected) {
    public WriteBatch {
        series = List.copyOf(requireNonNull(series, "series is null"));
        metadata = List.copyOf(requireNonNull(metadata, "metadata is null"));
        requireNonNull(version, "version is null");
        rejected = List.copyOf(requireNonNull(rejected, "rejected is null"));
    }

    /** What the decoded series hold (not counting {@link #rejected}). */
    public PointCounts counts() {
        long samples = 0;
        long histograms = 0;
        long exemplars = 0;
        for (IncomingSeries s : series) {
            samples += s.sampleCount();
            histograms += s.histograms().size();
            exemplars += s.exemplars().size();
        }
        return new PointCounts(samples, histograms, exemplars);
    }

    /** What the {@link #rejected} parts held. */
    public PointCounts rejectedCounts() {
        PointCounts total = PointCounts.ZERO;
        for (Rejection r : rejected) {
            total = total.plus(r.discarded());
        }
        return total;
    }
}
