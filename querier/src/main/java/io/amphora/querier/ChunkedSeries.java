package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.storage.ChainedSampleIterator;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One series of one ingester's answer, its samples restricted to {@code [mint, maxt]} and decoded only while
 * iterated. Chunks that overlap in time (out-of-order chunks) are merged by {@link ChainedSampleIterator}, which
 * also drops a timestamp repeated across them; the common case of disjoint chunks is a plain walk through them.
 * Immutable; every {@link #iterator} call starts an independent iteration.
 */
final class ChunkedSeries implements Series {
    private final ChunkSeries series;
    private final long mint;
    private final long maxt;
    private final boolean overlapping;

    ChunkedSeries(ChunkSeries series, long mint, long maxt) {
        this.series = requireNonNull(series, "series is null");
        this.mint = mint;
        this.maxt = maxt;
        this.overlapping = overlapping(series.chunks());
    }

    private static boolean overlapping(List<EncodedChunk> chunks) {
        long end = Long.MIN_VALUE;
        for (int i = 0; i < chunks.size(); i++) {
            EncodedChunk chunk = chunks.get(i);
            if (i > 0 && chunk.minTime() <= end) {
                return true;
            }
            end = Math.max(end, chunk.maxTime());
        }
        return false;
    }

    @Override
    public Labels labels() {
        return series.labels();
    }

    @Override
    public SampleIterator iterator(SampleIterator reuse) {
        List<EncodedChunk> chunks = series.chunks();
        if (!overlapping) {
            if (reuse instanceof ChunkSampleIterator iterator) {
                return iterator.reset(chunks, mint, maxt);
            }
            return new ChunkSampleIterator(chunks, mint, maxt);
        }
        List<SampleIterator> perChunk = new ArrayList<>(chunks.size());
        for (EncodedChunk chunk : chunks) {
            if (chunk.maxTime() >= mint && chunk.minTime() <= maxt) {
                perChunk.add(new ChunkSampleIterator(List.of(chunk), mint, maxt));
            }
        }
        if (reuse instanceof ChainedSampleIterator chained) {
            return chained.reset(perChunk);
        }
        return new ChainedSampleIterator(perChunk);
    }

    @Override
    public String toString() {
        return series.labels() + " (" + series.chunks().size() + " chunks)";
    }
}
