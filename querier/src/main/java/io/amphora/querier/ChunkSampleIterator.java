package io.amphora.querier;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramIterator;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramIterator;
import io.amphora.tsdb.chunkenc.XorChunk;
import io.amphora.tsdb.chunkenc.XorIterator;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The samples of a list of non-overlapping chunks sorted by time, restricted to {@code [mint, maxt]} (both
 * inclusive). Chunks are decoded one at a time and only when the iteration reaches them; chunks entirely before the
 * range or before a {@link #seek} target are skipped without decoding, using their advertised time bounds. A chunk
 * is decoded by its encoding (XOR floats, integer or float native histograms); one in an encoding this querier
 * cannot decode fails the iteration with {@link AmphoraException}. Not thread-safe.
 */
final class ChunkSampleIterator implements SampleIterator {
    private List<EncodedChunk> chunks;
    private long mint;
    private long maxt;
    private int nextChunk;
    /** Decoder of the current chunk, or null between chunks. */
    private SampleIterator current;
    /** Decoders kept for reuse across chunks and resets, one per encoding. */
    private XorIterator xor;
    private HistogramIterator histogram;
    private FloatHistogramIterator floatHistogram;
    private ValueType type = ValueType.NONE;
    private boolean done;

    ChunkSampleIterator(List<EncodedChunk> chunks, long mint, long maxt) {
        reset(chunks, mint, maxt);
    }

    ChunkSampleIterator reset(List<EncodedChunk> newChunks, long newMint, long newMaxt) {
        this.chunks = requireNonNull(newChunks, "chunks is null");
        this.mint = newMint;
        this.maxt = newMaxt;
        this.nextChunk = 0;
        this.current = null;
        this.type = ValueType.NONE;
        this.done = false;
        return this;
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        ValueType t = current == null ? ValueType.NONE : current.next();
        while (t == ValueType.NONE) {
            if (!openChunkReaching(mint)) {
                return finish();
            }
            t = current.seek(mint);
        }
        return positioned(t);
    }

    @Override
    public ValueType seek(long target) {
        if (done) {
            return ValueType.NONE;
        }
        if (type != ValueType.NONE && current.atT() >= target) {
            return type;
        }
        long want = Math.max(target, mint);
        ValueType t = current == null ? ValueType.NONE : current.seek(want);
        while (t == ValueType.NONE) {
            if (!openChunkReaching(want)) {
                return finish();
            }
            t = current.seek(want);
        }
        return positioned(t);
    }

    /** Opens the next chunk that has samples at or after {@code t} and within the range; false when none is left. */
    private boolean openChunkReaching(long t) {
        while (nextChunk < chunks.size()) {
            EncodedChunk chunk = chunks.get(nextChunk++);
            if (chunk.minTime() > maxt) {
                nextChunk = chunks.size();
                return false;
            }
            if (chunk.maxTime() >= t) {
                current = decoder(chunk);
                return true;
            }
        }
        current = null;
        return false;
    }

    private SampleIterator decoder(EncodedChunk chunk) {
        return switch (chunk.encoding()) {
            case XorChunk.ENCODING -> xor = XorIterator.of(chunk.data(), xor);
            case HistogramChunk.ENCODING -> histogram = HistogramIterator.of(chunk.data(), histogram);
            case FloatHistogramChunk.ENCODING -> floatHistogram = FloatHistogramIterator.of(chunk.data(), floatHistogram);
            default -> throw new AmphoraException(ErrorCode.INTERNAL,
                    "chunk encoding " + chunk.encoding() + " is not supported by this querier");
        };
    }

    private ValueType positioned(ValueType t) {
        if (current.atT() > maxt) {
            return finish();
        }
        type = t;
        return t;
    }

    private ValueType finish() {
        done = true;
        current = null;
        type = ValueType.NONE;
        return ValueType.NONE;
    }

    @Override
    public long atT() {
        return positionedDecoder().atT();
    }

    @Override
    public long atStartTimestamp() {
        return positionedDecoder().atStartTimestamp();
    }

    @Override
    public double atValue() {
        return positionedDecoder().atValue();
    }

    @Override
    public Histogram atHistogram() {
        return positionedDecoder().atHistogram();
    }

    @Override
    public FloatHistogram atFloatHistogram() {
        return positionedDecoder().atFloatHistogram();
    }

    private SampleIterator positionedDecoder() {
        if (type == ValueType.NONE) {
            throw new IllegalStateException("iterator is not positioned on a sample");
        }
        return current;
    }
}
