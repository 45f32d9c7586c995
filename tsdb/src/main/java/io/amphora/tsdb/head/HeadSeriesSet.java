package io.amphora.tsdb.head;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.storage.ChainedSampleIterator;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramIterator;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramIterator;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.chunkenc.XorIterator;

import java.util.ArrayList;
import java.util.List;

/** Series of a head select; each iterator decodes the snapshot's chunks, merging overlapping ones. */
final class HeadSeriesSet implements SeriesSet {
    private final Head head;
    private final List<MemSeries.Snapshot> snapshots;
    private final long mint;
    private final long maxt;
    private int index = -1;

    HeadSeriesSet(Head head, List<MemSeries.Snapshot> snapshots, long mint, long maxt) {
        this.head = head;
        this.snapshots = snapshots;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public boolean next() {
        if (index + 1 >= snapshots.size()) {
            index = snapshots.size();
            return false;
        }
        index++;
        return true;
    }

    @Override
    public Series at() {
        MemSeries.Snapshot snapshot = snapshots.get(index);
        return new Series() {
            @Override
            public Labels labels() {
                return snapshot.series().labels;
            }

            @Override
            public SampleIterator iterator(SampleIterator reuse) {
                return iteratorOf(snapshot);
            }
        };
    }

    private SampleIterator iteratorOf(MemSeries.Snapshot snapshot) throws AmphoraException {
        SampleIterator it;
        if (snapshot.count() == 1) {
            it = iteratorOf(head.chunk(snapshot, 0));
        } else {
            List<SampleIterator> parts = new ArrayList<>(snapshot.count());
            boolean overlapping = false;
            for (int i = 0; i < snapshot.count(); i++) {
                parts.add(iteratorOf(head.chunk(snapshot, i)));
                if (i > 0 && snapshot.minTimes()[i] <= snapshot.maxTimes()[i - 1]) {
                    overlapping = true;
                }
            }
            it = overlapping ? new ChainedSampleIterator(parts) : new ConcatSampleIterator(parts);
        }
        return new RangeSampleIterator(it, mint, maxt);
    }

    /** A chunk's decoder, chosen by its encoding. */
    static SampleIterator iteratorOf(EncodedChunk chunk) {
        return switch (chunk.encoding()) {
            case XorChunk.ENCODING -> XorIterator.of(chunk.data(), null);
            case HistogramChunk.ENCODING -> HistogramIterator.of(chunk.data(), null);
            case FloatHistogramChunk.ENCODING -> FloatHistogramIterator.of(chunk.data(), null);
            default -> throw new AmphoraException(ErrorCode.CORRUPT_DATA, "unknown chunk encoding " + chunk.encoding());
        };
    }

    @Override
    public RuntimeException err() {
        return null;
    }

    @Override
    public List<String> warnings() {
        return List.of();
    }
}
