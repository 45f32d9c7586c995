package io.amphora.tsdb.head;

import io.amphora.model.Labels;
import io.amphora.storage.EncodedChunk;
import io.amphora.tsdb.chunkenc.XorChunk;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One series of a head: its open chunk, its closed chunks (in memory until a checkpoint persists them, then only
 * their time range and id), and a small sorted buffer of out-of-order samples.
 *
 * <p>Thread-safety: all mutable state is guarded by {@code this}; {@link Head} and the checkpoint synchronise on
 * the series. {@link #durable} is written after the series record reached the store.
 */
public final class MemSeries {
    /** Out-of-order samples are buffered up to this many, then sealed into a chunk (Prometheus's default capacity). */
    static final int OOO_CAPACITY = 32;
    private static final long NO_SAMPLES = Long.MIN_VALUE;

    final long ref;
    final Labels labels;
    private volatile boolean durable;

    private XorChunk open;
    /** Exclusive end of the chunk range the open chunk belongs to. */
    private long openRangeEnd;
    private long lastT = NO_SAMPLES;
    private long lastValueBits;
    /** Newest in-order timestamp accepted, committed or reserved by an appender that has not committed yet. */
    private long pendingT = NO_SAMPLES;
    private long pendingValueBits;

    /** Closed chunks sorted by min time; {@code closedData[i]} is null once persisted. */
    private long[] closedMin;
    private long[] closedMax;
    private long[] closedId;
    private byte[][] closedData;
    private int closedCount;

    private long[] oooT;
    private double[] oooV;
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
        boolean oooAllowed = t >= oooMinTime;
        if (t < minValidTime && !oooAllowed) {
            return AppendResult.OUT_OF_BOUNDS;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (pendingT == NO_SAMPLES || t > pendingT) {
            pendingT = t;
            pendingValueBits = bits;
            return AppendResult.APPENDED;
        }
        if (t == pendingT) {
            return bits == pendingValueBits ? AppendResult.DUPLICATE_IGNORED : AppendResult.DUPLICATE_TIMESTAMP;
        }
        if (!oooAllowed) {
            return oooMinTime == Long.MAX_VALUE ? AppendResult.OUT_OF_ORDER : AppendResult.OUT_OF_BOUNDS;
        }
        int pos = oooT == null ? -1 : Arrays.binarySearch(oooT, 0, oooCount, t);
        if (pos >= 0) {
            return bits == Double.doubleToRawLongBits(oooV[pos]) ? AppendResult.DUPLICATE_IGNORED : AppendResult.DUPLICATE_TIMESTAMP;
        }
        return AppendResult.APPENDED;
    }

    /** Undoes a reservation that will not be applied (failed or rolled-back commit), unless a newer one replaced it. */
    synchronized void release(long t, double v) {
        if (pendingT == t && pendingValueBits == Double.doubleToRawLongBits(v)) {
            pendingT = lastT;
            pendingValueBits = lastValueBits;
        }
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
            insertOutOfOrder(t, v, chunkIds);
        }
        if (pendingT == NO_SAMPLES || t > pendingT) {
            pendingT = t;
            pendingValueBits = Double.doubleToRawLongBits(v);
        }
    }

    private void appendInOrder(long t, double v, HeadOptions options, LongSupplier chunkIds) {
        if (open != null && (open.numSamples() >= options.samplesPerChunk() || t >= openRangeEnd)) {
            addClosed(open.minTime(), open.maxTime(), chunkIds.getAsLong(), open.bytes());
            open = null;
        }
        if (open == null) {
            open = new XorChunk();
            openRangeEnd = Math.floorDiv(t, options.chunkRangeMillis()) * options.chunkRangeMillis() + options.chunkRangeMillis();
        }
        open.append(t, v);
        lastT = t;
        lastValueBits = Double.doubleToRawLongBits(v);
        modCount++;
    }

    private void insertOutOfOrder(long t, double v, LongSupplier chunkIds) {
        if (oooT == null) {
            oooT = new long[OOO_CAPACITY];
            oooV = new double[OOO_CAPACITY];
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
        oooCount++;
        modCount++;
        if (oooCount == OOO_CAPACITY) {
            sealOutOfOrder(chunkIds.getAsLong());
        }
    }

    private void sealOutOfOrder(long chunkId) {
        XorChunk chunk = encode(oooT, oooV, oooCount);
        addClosed(oooT[0], oooT[oooCount - 1], chunkId, chunk.bytes());
        oooCount = 0;
    }

    private static XorChunk encode(long[] ts, double[] vs, int n) {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < n; i++) {
            chunk.append(ts[i], vs[i]);
        }
        return chunk;
    }

    /** Inserts a closed chunk keeping min-time order; {@code data} null means it is already persisted. */
    private void addClosed(long minT, long maxT, long id, byte[] data) {
        if (closedMin == null) {
            closedMin = new long[2];
            closedMax = new long[2];
            closedId = new long[2];
            closedData = new byte[2][];
        } else if (closedCount == closedMin.length) {
            int n = closedCount + (closedCount >> 1) + 1;
            closedMin = Arrays.copyOf(closedMin, n);
            closedMax = Arrays.copyOf(closedMax, n);
            closedId = Arrays.copyOf(closedId, n);
            closedData = Arrays.copyOf(closedData, n);
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
        closedMin[at] = minT;
        closedMax[at] = maxT;
        closedId[at] = id;
        closedData[at] = data;
        closedCount++;
        modCount++;
    }

    /** Recovery: a chunk that is already in the store. */
    synchronized void restoreClosed(long minT, long maxT, long id) {
        addClosed(minT, maxT, id, null);
        persistedModCount = modCount;
        if (maxT > lastSeenMillis) {
            lastSeenMillis = maxT;
        }
    }

    /** Recovery: the open chunk and out-of-order buffer as of the last checkpoint. */
    synchronized void restoreHead(HeadRecord record, HeadOptions options) {
        if (record.openChunk() != null) {
            open = XorChunk.fromBytes(record.openChunk());
            openRangeEnd = Math.floorDiv(open.minTime(), options.chunkRangeMillis()) * options.chunkRangeMillis()
                    + options.chunkRangeMillis();
        }
        lastT = record.lastTimestamp();
        lastValueBits = record.lastValueBits();
        pendingT = lastT;
        pendingValueBits = lastValueBits;
        int n = record.oooTimestamps().length;
        if (n > 0) {
            oooT = Arrays.copyOf(record.oooTimestamps(), OOO_CAPACITY);
            oooV = Arrays.copyOf(record.oooValues(), OOO_CAPACITY);
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
                chunks[j++] = new EncodedChunk(closedMin[i], closedMax[i], XorChunk.ENCODING, closedData[i]);
            }
        }
        HeadRecord head = lastT == NO_SAMPLES && oooCount == 0 ? null
                : new HeadRecord(lastT, lastValueBits, open == null ? null : open.bytes(),
                        oooT == null ? new long[0] : Arrays.copyOf(oooT, oooCount),
                        oooV == null ? new double[0] : Arrays.copyOf(oooV, oooCount));
        return new Checkpoint(this, modCount, ids, chunks, head);
    }

    private synchronized void checkpointed(Checkpoint checkpoint) {
        for (long id : checkpoint.chunkIds()) {
            for (int i = 0; i < closedCount; i++) {
                if (closedId[i] == id) {
                    closedData[i] = null;
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
     * encoded as a chunk. Returns null when nothing overlaps.
     */
    synchronized Snapshot snapshot(long mint, long maxt) {
        int n = 0;
        long[] mins = new long[closedCount + 2];
        long[] maxs = new long[closedCount + 2];
        long[] ids = new long[closedCount + 2];
        byte[][] data = new byte[closedCount + 2][];
        for (int i = 0; i < closedCount; i++) {
            if (closedMin[i] <= maxt && closedMax[i] >= mint) {
                mins[n] = closedMin[i];
                maxs[n] = closedMax[i];
                ids[n] = closedId[i];
                data[n++] = closedData[i];
            }
        }
        if (open != null && open.minTime() <= maxt && open.maxTime() >= mint) {
            mins[n] = open.minTime();
            maxs[n] = open.maxTime();
            ids[n] = -1;
            data[n++] = open.bytes();
        }
        if (oooCount > 0 && oooT[0] <= maxt && oooT[oooCount - 1] >= mint) {
            mins[n] = oooT[0];
            maxs[n] = oooT[oooCount - 1];
            ids[n] = -1;
            data[n++] = encode(oooT, oooV, oooCount).bytes();
        }
        if (n == 0) {
            return null;
        }
        return new Snapshot(this, n, mins, maxs, ids, data);
    }

    /** Chunk references captured under the series lock; entries with null data are read from the store. */
    record Snapshot(MemSeries series, int count, long[] minTimes, long[] maxTimes, long[] chunkIds, byte[][] data) {}

    /** Approximate retained heap of the chunk data and buffers, for memory accounting. */
    synchronized long chunkHeapBytes() {
        long bytes = open == null ? 0 : open.heapBytes();
        if (closedMin != null) {
            bytes += 3L * (16 + 8L * closedMin.length) + 16 + 4L * closedData.length;
            for (int i = 0; i < closedCount; i++) {
                if (closedData[i] != null) {
                    bytes += 16 + closedData[i].length;
                }
            }
        }
        if (oooT != null) {
            bytes += 2L * (16 + 8L * OOO_CAPACITY);
        }
        return bytes;
    }
}
