package io.amphora.tsdb.head;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.EncodedChunk;
import io.amphora.tsdb.chunkenc.FloatHistogramChunk;
import io.amphora.tsdb.chunkenc.HistogramChunk;
import io.amphora.tsdb.chunkenc.XorChunk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One series of a head: its open chunk, its closed chunks (in memory until a checkpoint persists them, then only
 * their time range and id), and a small sorted buffer of out-of-order samples.
 *
 * <p>Samples are floats or native histograms ({@link Histogram}, {@link FloatHistogram}); histogram values are
 * passed as {@code Object} and null means a float sample. The open chunk is an XOR, histogram or float histogram
 * chunk; a sample of another kind than the open chunk's closes it, as Prometheus cuts a chunk when the encoding
 * changes. Histogram chunks are cut when the histogram chunk says so (layout change, counter reset, see
 * {@link HistogramChunk#append}), at the end of the chunk range, and once they reach
 * {@value #HISTOGRAM_CHUNK_TARGET_BYTES} bytes with at least {@value #MIN_SAMPLES_PER_HISTOGRAM_CHUNK} samples
 * (Prometheus's size target, without its prediction that spreads cuts evenly over the range). Float-only series
 * never allocate histogram state.
 *
 * <p>Thread-safety: all mutable state is guarded by {@code this}; {@link Head} and the checkpoint synchronise on
 * the series. {@link #durable} is written after the series record reached the store.
 */
public final class MemSeries {
    /** Out-of-order samples are buffered up to this many, then sealed into a chunk (Prometheus's default capacity). */
    static final int OOO_CAPACITY = 32;
    /** Prometheus's {@code TargetBytesPerHistogramChunk}. */
    static final int HISTOGRAM_CHUNK_TARGET_BYTES = 1024;
    /** Prometheus's {@code MinSamplesPerHistogramChunk}. */
    static final int MIN_SAMPLES_PER_HISTOGRAM_CHUNK = 10;
    private static final long NO_SAMPLES = Long.MIN_VALUE;
    /** Encoding of a closed chunk whose data is in the store (read with its encoding). */
    private static final byte STORED = 0;

    final long ref;
    final Labels labels;
    private volatile boolean durable;

    /** At most one of the three open chunks is non-null. */
    private XorChunk open;
    private HistogramChunk openHistogram;
    private FloatHistogramChunk openFloatHistogram;
    /** Exclusive end of the chunk range the open chunk belongs to. */
    private long openRangeEnd;
    private long lastT = NO_SAMPLES;
    private long lastValueBits;
    /** The newest in-order sample when it is a histogram, else null. */
    private Object lastHistogram;
    /** Newest in-order timestamp accepted, committed or reserved by an appender that has not committed yet. */
    private long pendingT = NO_SAMPLES;
    private long pendingValueBits;
    private Object pendingHistogram;

    /**
     * Closed chunks sorted by min time; {@code closedData[i]} is null once persisted, and then
     * {@code closedEncoding[i]} is {@link #STORED}.
     */
    private long[] closedMin;
    private long[] closedMax;
    private long[] closedId;
    private byte[][] closedData;
    private byte[] closedEncoding;
    private int closedCount;

    private long[] oooT;
    private double[] oooV;
    /** Null until a histogram is buffered out of order; then the histogram of each entry, null for floats. */
    private Object[] oooH;
    private int oooCount;

    /** Incremented on every change; the checkpoint persists a series whose count moved since the last one. */
    private long modCount;
    private long persistedModCount;
    private long lastSeenMillis;

    MemSeries(long ref, Labels labels) {
        this.ref = ref;
        this.labels = labels;
    }

    public long ref() {
        return ref;
    }

    public Labels labels() {
        return labels;
    }

    /** Whether the series record is in the store (samples of a non-durable series must carry it in their write). */
    public boolean isDurable() {
        return durable;
    }

    public void markDurable() {
        durable = true;
    }

    synchronized long lastSeenMillis() {
        return lastSeenMillis;
    }

    synchronized boolean hasSamples() {
        return lastT != NO_SAMPLES || closedCount > 0 || oooCount > 0;
    }

    /**
     * Checks a sample against the series and, when acceptable, reserves its timestamp so that later samples of any
     * appender are checked against it. Nothing becomes visible until {@link #apply}; a reservation that will not be
     * applied must be {@link #release}d.
     *
     * @param minValidTime samples older than this are out of bounds unless out-of-order ingestion accepts them
     * @param oooMinTime the oldest timestamp out-of-order ingestion accepts; {@code Long.MAX_VALUE} when disabled
     */
    synchronized AppendResult reserve(long t, double v, long minValidTime, long oooMinTime) {
        return reserve(t, Double.doubleToRawLongBits(v), null, minValidTime, oooMinTime);
    }

    /**
     * {@link #reserve} for a histogram sample ({@link Histogram} or {@link FloatHistogram}). A sample at a stored
     * timestamp is a duplicate to ignore only when it equals the stored histogram.
     */
    synchronized AppendResult reserveHistogram(long t, Object h, long minValidTime, long oooMinTime) {
        return reserve(t, 0, h, minValidTime, oooMinTime);
    }

    private AppendResult reserve(long t, long bits, Object h, long minValidTime, long oooMinTime) {
        boolean oooAllowed = t >= oooMinTime;
        if (t < minValidTime && !oooAllowed) {
            return AppendResult.OUT_OF_BOUNDS;
        }
        if (pendingT == NO_SAMPLES || t > pendingT) {
            pendingT = t;
            pendingValueBits = bits;
            pendingHistogram = h;
            return AppendResult.APPENDED;
        }
        if (t == pendingT) {
            return same(bits, h, pendingValueBits, pendingHistogram) ? AppendResult.DUPLICATE_IGNORED : AppendResult.DUPLICATE_TIMESTAMP;
        }
        if (!oooAllowed) {
            return oooMinTime == Long.MAX_VALUE ? AppendResult.OUT_OF_ORDER : AppendResult.OUT_OF_BOUNDS;
        }
        int pos = oooT == null ? -1 : Arrays.binarySearch(oooT, 0, oooCount, t);
        if (pos >= 0) {
            Object stored = oooH == null ? null : oooH[pos];
            return same(bits, h, Double.doubleToRawLongBits(oooV[pos]), stored)
                    ? AppendResult.DUPLICATE_IGNORED : AppendResult.DUPLICATE_TIMESTAMP;
        }
        return AppendResult.APPENDED;
    }

    private static boolean same(long bits, Object h, long otherBits, Object otherH) {
        return h == null ? otherH == null && bits == otherBits : h.equals(otherH);
    }

    /** Undoes a reservation that will not be applied (failed or rolled-back commit), unless a newer one replaced it. */
    synchronized void release(long t, double v) {
        if (pendingT == t && pendingHistogram == null && pendingValueBits == Double.doubleToRawLongBits(v)) {
            restorePending();
        }
    }

    /** {@link #release} for a histogram sample; {@code h} is the instance that was reserved. */
    synchronized void releaseHistogram(long t, Object h) {
        if (pendingT == t && pendingHistogram == h) {
            restorePending();
        }
    }

    private void restorePending() {
        pendingT = lastT;
        pendingValueBits = lastValueBits;
        pendingHistogram = lastHistogram;
    }

    /**
     * Applies a durable sample: a committed one, or one replayed from the WAL. It was accepted once, so it is never
     * refused: a sample newer than the last in-order one is appended; an older one goes to the out-of-order buffer
     * (concurrent commits to one series can apply in a different order than they reserved); an exact repeat of a
     * stored timestamp is skipped.
     */
    synchronized void apply(long t, double v, long seenMillis, HeadOptions options, LongSupplier chunkIds) {
        if (seenMillis > lastSeenMillis) {
            lastSeenMillis = seenMillis;
        }
        if (lastT == NO_SAMPLES || t > lastT) {
            appendInOrder(t, v, options, chunkIds);
        } else if (t != lastT) {
            insertOutOfOrder(t, v, null, chunkIds);
        }
        if (pendingT == NO_SAMPLES || t > pendingT) {
            pendingT = t;
            pendingValueBits = Double.doubleToRawLongBits(v);
            pendingHistogram = null;
        }
    }

    /** {@link #apply} for a histogram sample ({@link Histogram} or {@link FloatHistogram}), valid as Prometheus checks. */
    synchronized void applyHistogram(long t, Object h, long seenMillis, HeadOptions options, LongSupplier chunkIds) {
        if (seenMillis > lastSeenMillis) {
            lastSeenMillis = seenMillis;
        }
        if (lastT == NO_SAMPLES || t > lastT) {
            appendHistogramInOrder(t, h, options, chunkIds);
        } else if (t != lastT) {
            insertOutOfOrder(t, 0, h, chunkIds);
        }
        if (pendingT == NO_SAMPLES || t > pendingT) {
            pendingT = t;
            pendingValueBits = 0;
            pendingHistogram = h;
        }
    }

    private void appendInOrder(long t, double v, HeadOptions options, LongSupplier chunkIds) {
        if (open != null ? open.numSamples() >= options.samplesPerChunk() || t >= openRangeEnd
                : openHistogram != null || openFloatHistogram != null) {
            closeOpen(chunkIds);
        }
        if (open == null) {
            open = new XorChunk();
            openRangeEnd = rangeEnd(t, options);
        }
        open.append(t, v);
        lastT = t;
        lastValueBits = Double.doubleToRawLongBits(v);
        lastHistogram = null;
        modCount++;
    }

    private static long rangeEnd(long t, HeadOptions options) {
        return Math.floorDiv(t, options.chunkRangeMillis()) * options.chunkRangeMillis() + options.chunkRangeMillis();
    }

    private static boolean histogramChunkFull(int bytes, int samples) {
        return samples >= HistogramChunk.MAX_SAMPLES
                || (bytes >= HISTOGRAM_CHUNK_TARGET_BYTES && samples >= MIN_SAMPLES_PER_HISTOGRAM_CHUNK);
    }

    private void appendHistogramInOrder(long t, Object h, HeadOptions options, LongSupplier chunkIds) {
        switch (h) {
            case Histogram histogram -> {
                if (open != null || openFloatHistogram != null) {
                    closeOpen(chunkIds);
                }
                if (openHistogram == null) {
                    openHistogram = HistogramChunk.start(t, histogram, null);
                    openRangeEnd = rangeEnd(t, options);
                } else if (t >= openRangeEnd || histogramChunkFull(openHistogram.sizeBytes(), openHistogram.numSamples())) {
                    HistogramChunk previous = openHistogram;
                    closeOpen(chunkIds);
                    openHistogram = HistogramChunk.start(t, histogram, previous);
                    openRangeEnd = rangeEnd(t, options);
                } else {
                    HistogramChunk next = openHistogram.append(t, histogram);
                    if (next != openHistogram) {
                        closeOpen(chunkIds);
                        openHistogram = next;
                        openRangeEnd = rangeEnd(t, options);
                    }
                }
            }
            case FloatHistogram histogram -> {
                if (open != null || openHistogram != null) {
                    closeOpen(chunkIds);
                }
                if (openFloatHistogram == null) {
                    openFloatHistogram = FloatHistogramChunk.start(t, histogram, null);
                    openRangeEnd = rangeEnd(t, options);
                } else if (t >= openRangeEnd || histogramChunkFull(openFloatHistogram.sizeBytes(), openFloatHistogram.numSamples())) {
                    FloatHistogramChunk previous = openFloatHistogram;
                    closeOpen(chunkIds);
                    openFloatHistogram = FloatHistogramChunk.start(t, histogram, previous);
                    openRangeEnd = rangeEnd(t, options);
                } else {
                    FloatHistogramChunk next = openFloatHistogram.append(t, histogram);
                    if (next != openFloatHistogram) {
                        closeOpen(chunkIds);
                        openFloatHistogram = next;
                        openRangeEnd = rangeEnd(t, options);
                    }
                }
            }
            default -> throw new IllegalArgumentException("not a histogram: " + h.getClass());
        }
        lastT = t;
        lastValueBits = 0;
        lastHistogram = h;
        modCount++;
    }

    /** Closes whichever chunk is open. */
    private void closeOpen(LongSupplier chunkIds) {
        if (open != null) {
            addClosed(open.minTime(), open.maxTime(), chunkIds.getAsLong(), XorChunk.ENCODING, open.bytes());
            open = null;
        } else if (openHistogram != null) {
            addClosed(openHistogram.minTime(), openHistogram.maxTime(), chunkIds.getAsLong(), HistogramChunk.ENCODING,
                    openHistogram.bytes());
            openHistogram = null;
        } else if (openFloatHistogram != null) {
            addClosed(openFloatHistogram.minTime(), openFloatHistogram.maxTime(), chunkIds.getAsLong(),
                    FloatHistogramChunk.ENCODING, openFloatHistogram.bytes());
            openFloatHistogram = null;
        }
    }

    private void insertOutOfOrder(long t, double v, Object h, LongSupplier chunkIds) {
        if (oooT == null) {
            oooT = new long[OOO_CAPACITY];
            oooV = new double[OOO_CAPACITY];
        }
        if (h != null && oooH == null) {
            oooH = new Object[OOO_CAPACITY];
        }
        int pos = Arrays.binarySearch(oooT, 0, oooCount, t);
        if (pos >= 0) {
            return;
        }
        int at = -pos - 1;
        System.arraycopy(oooT, at, oooT, at + 1, oooCount - at);
        System.arraycopy(oooV, at, oooV, at + 1, oooCount - at);
        oooT[at] = t;
        oooV[at] = v;
        if (oooH != null) {
            System.arraycopy(oooH, at, oooH, at + 1, oooCount - at);
            oooH[at] = h;
        }
        oooCount++;
        modCount++;
        if (oooCount == OOO_CAPACITY) {
            sealOutOfOrder(chunkIds);
        }
    }

    private void sealOutOfOrder(LongSupplier chunkIds) {
        for (EncodedChunk chunk : encodeOutOfOrder()) {
            addClosed(chunk.minTime(), chunk.maxTime(), chunkIds.getAsLong(), chunk.encoding(), chunk.data());
        }
        oooCount = 0;
        oooH = null;
    }

    /** The out-of-order buffer as chunks in time order: one XOR chunk, or more when it holds histograms. */
    private List<EncodedChunk> encodeOutOfOrder() {
        if (oooH == null) {
            XorChunk chunk = encode(oooT, oooV, oooCount);
            return List.of(new EncodedChunk(oooT[0], oooT[oooCount - 1], XorChunk.ENCODING, chunk.bytes()));
        }
        return encodeMixed(oooT, oooV, oooH, oooCount);
    }

    private static XorChunk encode(long[] ts, double[] vs, int n) {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < n; i++) {
            chunk.append(ts[i], vs[i]);
        }
        return chunk;
    }

    /**
     * Encodes increasing samples of mixed kinds ({@code hs[i]} null for a float) as chunks, cutting wherever the
     * kind changes or a histogram chunk starts a new one.
     */
    static List<EncodedChunk> encodeMixed(long[] ts, double[] vs, Object[] hs, int n) {
        List<EncodedChunk> out = new ArrayList<>();
        XorChunk xor = null;
        HistogramChunk histogram = null;
        FloatHistogramChunk floatHistogram = null;
        for (int i = 0; i < n; i++) {
            switch (hs[i]) {
                case null -> {
                    out.addAll(flush(null, histogram, floatHistogram));
                    histogram = null;
                    floatHistogram = null;
                    if (xor == null) {
                        xor = new XorChunk();
                    }
                    xor.append(ts[i], vs[i]);
                }
                case Histogram h -> {
                    out.addAll(flush(xor, null, floatHistogram));
                    xor = null;
                    floatHistogram = null;
                    HistogramChunk next = histogram == null ? HistogramChunk.start(ts[i], h, null) : histogram.append(ts[i], h);
                    if (histogram != null && next != histogram) {
                        out.addAll(flush(null, histogram, null));
                    }
                    histogram = next;
                }
                case FloatHistogram h -> {
                    out.addAll(flush(xor, histogram, null));
                    xor = null;
                    histogram = null;
                    FloatHistogramChunk next = floatHistogram == null ? FloatHistogramChunk.start(ts[i], h, null) : floatHistogram.append(ts[i], h);
                    if (floatHistogram != null && next != floatHistogram) {
                        out.addAll(flush(null, null, floatHistogram));
                    }
                    floatHistogram = next;
                }
                default -> throw new IllegalArgumentException("not a histogram: " + hs[i].getClass());
            }
        }
        out.addAll(flush(xor, histogram, floatHistogram));
        return out;
    }

    private static List<EncodedChunk> flush(XorChunk xor, HistogramChunk histogram, FloatHistogramChunk floatHistogram) {
        if (xor != null) {
            return List.of(new EncodedChunk(xor.minTime(), xor.maxTime(), XorChunk.ENCODING, xor.bytes()));
        } else if (histogram != null) {
            return List.of(new EncodedChunk(histogram.minTime(), histogram.maxTime(), HistogramChunk.ENCODING, histogram.bytes()));
        } else if (floatHistogram != null) {
            return List.of(new EncodedChunk(floatHistogram.minTime(), floatHistogram.maxTime(), FloatHistogramChunk.ENCODING,
                    floatHistogram.bytes()));
        }
        return List.of();
    }

    /** Inserts a closed chunk keeping min-time order; {@code data} null means it is already persisted. */
    private void addClosed(long minT, long maxT, long id, int encoding, byte[] data) {
        if (closedMin == null) {
            closedMin = new long[2];
            closedMax = new long[2];
            closedId = new long[2];
            closedData = new byte[2][];
            closedEncoding = new byte[2];
        } else if (closedCount == closedMin.length) {
            int n = closedCount + (closedCount >> 1) + 1;
            closedMin = Arrays.copyOf(closedMin, n);
            closedMax = Arrays.copyOf(closedMax, n);
            closedId = Arrays.copyOf(closedId, n);
            closedData = Arrays.copyOf(closedData, n);
            closedEncoding = Arrays.copyOf(closedEncoding, n);
        }
        int at = closedCount;
        while (at > 0 && closedMin[at - 1] > minT) {
            at--;
        }
        int move = closedCount - at;
        System.arraycopy(closedMin, at, closedMin, at + 1, move);
        System.arraycopy(closedMax, at, closedMax, at + 1, move);
        System.arraycopy(closedId, at, closedId, at + 1, move);
        System.arraycopy(closedData, at, closedData, at + 1, move);
        System.arraycopy(closedEncoding, at, closedEncoding, at + 1, move);
        closedMin[at] = minT;
        closedMax[at] = maxT;
        closedId[at] = id;
        closedData[at] = data;
        closedEncoding[at] = (byte) encoding;
        closedCount++;
        modCount++;
    }

    /** Recovery: a chunk that is already in the store. */
    synchronized void restoreClosed(long minT, long maxT, long id) {
        addClosed(minT, maxT, id, STORED, null);
        persistedModCount = modCount;
        if (maxT > lastSeenMillis) {
            lastSeenMillis = maxT;
        }
    }

    /** Recovery: the open chunk and out-of-order buffer as of the last checkpoint. */
    synchronized void restoreHead(HeadRecord record, HeadOptions options) {
        if (record.openChunk() != null) {
            long minTime = switch (record.openEncoding()) {
                case XorChunk.ENCODING -> (open = XorChunk.fromBytes(record.openChunk())).minTime();
                case HistogramChunk.ENCODING -> (openHistogram = HistogramChunk.fromBytes(record.openChunk())).minTime();
                case FloatHistogramChunk.ENCODING -> (openFloatHistogram = FloatHistogramChunk.fromBytes(record.openChunk())).minTime();
                default -> throw new IllegalArgumentException("unknown open chunk encoding " + record.openEncoding());
            };
            openRangeEnd = rangeEnd(minTime, options);
        }
        lastT = record.lastTimestamp();
        lastValueBits = record.lastValueBits();
        lastHistogram = record.lastHistogram();
        restorePending();
        int n = record.oooTimestamps().length;
        if (n > 0) {
            oooT = Arrays.copyOf(record.oooTimestamps(), OOO_CAPACITY);
            oooV = Arrays.copyOf(record.oooValues(), OOO_CAPACITY);
            oooH = record.oooHistograms() == null ? null : Arrays.copyOf(record.oooHistograms(), OOO_CAPACITY);
            oooCount = n;
        }
        if (lastT != NO_SAMPLES && lastT > lastSeenMillis) {
            lastSeenMillis = lastT;
        }
        persistedModCount = modCount;
    }

    /**
     * What a checkpoint must write for this series, or null when nothing changed since the last one. The caller
     * calls {@link Checkpoint#markPersisted} once the result is durable.
     */
    public synchronized Checkpoint checkpoint() {
        if (modCount == persistedModCount) {
            return null;
        }
        int pending = 0;
        for (int i = 0; i < closedCount; i++) {
            if (closedData[i] != null) {
                pending++;
            }
        }
        long[] ids = new long[pending];
        EncodedChunk[] chunks = new EncodedChunk[pending];
        for (int i = 0, j = 0; i < closedCount; i++) {
            if (closedData[i] != null) {
                ids[j] = closedId[i];
                chunks[j++] = new EncodedChunk(closedMin[i], closedMax[i], closedEncoding[i], closedData[i]);
            }
        }
        HeadRecord head = lastT == NO_SAMPLES && oooCount == 0 ? null
                : new HeadRecord(lastT, lastValueBits, openBytes(), openEncoding(), lastHistogram,
                        oooT == null ? new long[0] : Arrays.copyOf(oooT, oooCount),
                        oooV == null ? new double[0] : Arrays.copyOf(oooV, oooCount),
                        oooH == null ? null : Arrays.copyOf(oooH, oooCount));
        return new Checkpoint(this, modCount, ids, chunks, head);
    }

    private byte[] openBytes() {
        if (open != null) {
            return open.bytes();
        } else if (openHistogram != null) {
            return openHistogram.bytes();
        }
        return openFloatHistogram == null ? null : openFloatHistogram.bytes();
    }

    private int openEncoding() {
        if (openHistogram != null) {
            return HistogramChunk.ENCODING;
        }
        return openFloatHistogram != null ? FloatHistogramChunk.ENCODING : XorChunk.ENCODING;
    }

    private synchronized void checkpointed(Checkpoint checkpoint) {
        for (long id : checkpoint.chunkIds()) {
            for (int i = 0; i < closedCount; i++) {
                if (closedId[i] == id) {
                    closedData[i] = null;
                    closedEncoding[i] = STORED;
                    break;
                }
            }
        }
        if (persistedModCount < checkpoint.modCount()) {
            persistedModCount = checkpoint.modCount();
        }
    }

    /** What one series contributes to a checkpoint. {@code head} is null when the series has no open state. */
    public record Checkpoint(MemSeries series, long modCount, long[] chunkIds, EncodedChunk[] chunks, HeadRecord head) {
        /** Called once the checkpoint is durable: frees persisted chunk data and clears the change mark. */
        public void markPersisted() {
            series.checkpointed(this);
        }
    }

    /**
     * The chunks overlapping {@code [mint, maxt]}, sorted by min time: closed chunks (with data when still in memory,
     * else null data for the caller to read from the store), a copy of the open chunk, and the out-of-order buffer
     * encoded as chunks. Returns null when nothing overlaps.
     */
    synchronized Snapshot snapshot(long mint, long maxt) {
        List<EncodedChunk> buffered = oooCount > 0 && oooT[0] <= maxt && oooT[oooCount - 1] >= mint ? encodeOutOfOrder() : List.of();
        int capacity = closedCount + 1 + buffered.size();
        int n = 0;
        long[] mins = new long[capacity];
        long[] maxs = new long[capacity];
        long[] ids = new long[capacity];
        byte[][] data = new byte[capacity][];
        int[] encodings = new int[capacity];
        for (int i = 0; i < closedCount; i++) {
            if (closedMin[i] <= maxt && closedMax[i] >= mint) {
                mins[n] = closedMin[i];
                maxs[n] = closedMax[i];
                ids[n] = closedId[i];
                encodings[n] = closedEncoding[i];
                data[n++] = closedData[i];
            }
        }
        long openMin;
        long openMax;
        if (open != null) {
            openMin = open.minTime();
            openMax = open.maxTime();
        } else if (openHistogram != null) {
            openMin = openHistogram.minTime();
            openMax = openHistogram.maxTime();
        } else if (openFloatHistogram != null) {
            openMin = openFloatHistogram.minTime();
            openMax = openFloatHistogram.maxTime();
        } else {
            openMin = Long.MAX_VALUE;
            openMax = Long.MIN_VALUE;
        }
        // The explicit check matters: a series created by a refused sample has no open chunk, and the sentinel range
        // above still "overlaps" a query over the whole time range [Long.MIN_VALUE, Long.MAX_VALUE].
        boolean hasOpen = open != null || openHistogram != null || openFloatHistogram != null;
        if (hasOpen && openMin <= maxt && openMax >= mint) {
            mins[n] = openMin;
            maxs[n] = openMax;
            ids[n] = -1;
            encodings[n] = openEncoding();
            data[n++] = openBytes();
        }
        for (EncodedChunk chunk : buffered) {
            mins[n] = chunk.minTime();
            maxs[n] = chunk.maxTime();
            ids[n] = -1;
            encodings[n] = chunk.encoding();
            data[n++] = chunk.data();
        }
        if (n == 0) {
            return null;
        }
        return new Snapshot(this, n, mins, maxs, ids, encodings, data);
    }

    /**
     * Chunk references captured under the series lock; entries with null data are read from the store, with their
     * encoding ({@code encodings[i]} is 0 for those).
     */
    record Snapshot(MemSeries series, int count, long[] minTimes, long[] maxTimes, long[] chunkIds, int[] encodings,
            byte[][] data) {}

    /** Approximate retained heap of the chunk data and buffers, for memory accounting. */
    synchronized long chunkHeapBytes() {
        long bytes = open != null ? open.heapBytes()
                : openHistogram != null ? openHistogram.heapBytes()
                : openFloatHistogram != null ? openFloatHistogram.heapBytes() : 0;
        if (closedMin != null) {
            bytes += 3L * (16 + 8L * closedMin.length) + 16 + 4L * closedData.length + 16 + closedEncoding.length;
            for (int i = 0; i < closedCount; i++) {
                if (closedData[i] != null) {
                    bytes += 16 + closedData[i].length;
                }
            }
        }
        if (oooT != null) {
            bytes += 2L * (16 + 8L * OOO_CAPACITY);
        }
        if (oooH != null) {
            bytes += 16 + 4L * OOO_CAPACITY;
        }
        return bytes;
    }
}
