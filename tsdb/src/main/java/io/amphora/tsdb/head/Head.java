package io.amphora.tsdb.head;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.TenantId;
import io.amphora.storage.ChunkQuerier;
import io.amphora.storage.ChunkSeries;
import io.amphora.storage.EncodedChunk;
import io.amphora.storage.Querier;
import io.amphora.storage.Queryable;
import io.amphora.storage.SelectHints;
import io.amphora.storage.SeriesSet;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The in-memory head of one tenant: its series, their chunks, and the label index. Durability is the caller's
 * concern ({@code io.amphora.tsdb.Tsdb} writes the WAL and checkpoints); the head only decides what is accepted.
 *
 * <p>Thread-safe. Appends to different series proceed in parallel; each series serialises its own appends.
 */
public final class Head implements Queryable {
    private final TenantId tenant;
    private final HeadOptions options;
    private final ChunkReader chunkReader;
    private final LongSupplier refs;
    private final LongSupplier chunkIds;
    private final InstantSource clock;
    private final ConcurrentHashMap<Labels, MemSeries> series = new ConcurrentHashMap<>();
    private final Postings postings = new Postings();
    private final Object creationLock = new Object();
    /** Series per metric name, for the per-metric limit; guarded by {@code creationLock}. */
    private final java.util.HashMap<String, int[]> seriesPerMetric = new java.util.HashMap<>();
    /** Newest sample timestamp accepted, the anchor of the out-of-bounds and out-of-order windows. */
    private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);

    public Head(TenantId tenant, HeadOptions options, ChunkReader chunkReader, LongSupplier refs, LongSupplier chunkIds, InstantSource clock) {
        this.tenant = requireNonNull(tenant, "tenant is null");
        this.options = requireNonNull(options, "options is null");
        this.chunkReader = requireNonNull(chunkReader, "chunkReader is null");
        this.refs = requireNonNull(refs, "refs is null");
        this.chunkIds = requireNonNull(chunkIds, "chunkIds is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public TenantId tenant() {
        return tenant;
    }

    public HeadOptions options() {
        return options;
    }

    /** The series with these labels, created (and indexed) if new and within no limit. */
    public MemSeries getOrCreate(Labels labels) {
        return getOrCreate(labels, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * The labels of the series whose labels are exactly {@code sortedPairs} (names at even and values at odd indexes,
     * as {@link Labels#ofSortedPairs} takes them), or null when there is none. {@code stableHash} is the caller's
     * claim of their {@link Labels#stableHash()}: the series is looked up under it and matched by comparing every
     * name and value, so a wrong claim finds nothing and never another series. A caller that already knows the hash
     * (a distributor computed it to shard the series) thus gets the head's own labels without hashing or building
     * them again; appending with them then finds the series by identity.
     */
    public Labels existingLabels(long stableHash, String[] sortedPairs) {
        MemSeries s = series.get(new SortedPairsKey(stableHash, requireNonNull(sortedPairs, "sortedPairs is null")));
        return s == null ? null : s.labels;
    }

    /**
     * A lookup key for {@link #series} that is not a {@link Labels}: it hashes as {@link Labels#hashCode()} does (from
     * the stable hash) and equals a {@link Labels} with the same names and values. Only ever passed to
     * {@code get}, which calls {@code key.equals(storedKey)}; never stored.
     */
    private record SortedPairsKey(long stableHash, String[] pairs) {
        @Override
        public int hashCode() {
            return Long.hashCode(stableHash);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Labels labels) || labels.size() * 2 != pairs.length) {
                return false;
            }
            for (int i = 0; i < pairs.length; i += 2) {
                if (!labels.name(i / 2).equals(pairs[i]) || !labels.value(i / 2).equals(pairs[i + 1])) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The series with these labels, created (and indexed) if new.
     *
     * @throws AmphoraException {@code MAX_SERIES_PER_USER} or {@code MAX_SERIES_PER_METRIC} when creating it would
     *     exceed the tenant's limits
     */
    public MemSeries getOrCreate(Labels labels, int maxSeriesPerUser, int maxSeriesPerMetric) {
        MemSeries existing = series.get(labels);
        if (existing != null) {
            return existing;
        }
        synchronized (creationLock) {
            existing = series.get(labels);
            if (existing != null) {
                return existing;
            }
            if (series.size() >= maxSeriesPerUser) {
                throw new AmphoraException(ErrorCode.MAX_SERIES_PER_USER,
                        "per-user series limit of " + maxSeriesPerUser + " exceeded for series " + labels);
            }
            String metric = labels.metricName();
            int[] perMetric = seriesPerMetric.get(metric);
            if (perMetric != null && perMetric[0] >= maxSeriesPerMetric) {
                throw new AmphoraException(ErrorCode.MAX_SERIES_PER_METRIC,
                        "per-metric series limit of " + maxSeriesPerMetric + " exceeded for series " + labels);
            }
            // Refs must enter the postings in increasing order: allocate and index under the same lock.
            MemSeries created = new MemSeries(refs.getAsLong(), postings.canonical(labels));
            postings.add(created);
            series.put(created.labels, created);
            countMetric(created.labels);
            return created;
        }
    }

    /** Recovery: re-creates a persisted series (in increasing ref order per tenant); postings follow separately. */
    public MemSeries restoreSeries(long ref, Labels labels) {
        MemSeries restored = new MemSeries(ref, labels);
        restored.markDurable();
        postings.restoreSeries(restored);
        series.put(labels, restored);
        synchronized (creationLock) {
            countMetric(labels);
        }
        return restored;
    }

    /** Caller holds {@code creationLock}. */
    private void countMetric(Labels labels) {
        seriesPerMetric.computeIfAbsent(labels.metricName(), m -> new int[1])[0]++;
    }

    /** Recovery: see {@link Postings#restorePosting}. */
    public void restorePosting(String name, String value, MemSeries s) {
        postings.restorePosting(name, value, s);
    }

    public void restoreClosedChunk(MemSeries s, long minTime, long maxTime, long chunkId) {
        s.restoreClosed(minTime, maxTime, chunkId);
        maxTime(maxTime);
    }

    public void restoreHead(MemSeries s, HeadRecord record) {
        s.restoreHead(record, options);
        if (record.lastTimestamp() != Long.MIN_VALUE) {
            maxTime(record.lastTimestamp());
        }
        for (long t : record.oooTimestamps()) {
            maxTime(t);
        }
    }

    /**
     * Checks a sample against the out-of-bounds and out-of-order rules and reserves it (see {@link MemSeries#reserve});
     * it becomes visible with {@link #apply}.
     */
    public AppendResult reserve(MemSeries s, long t, double v, long outOfOrderWindowMillis) {
        long headMax = maxTime.get();
        long minValid = headMax == Long.MIN_VALUE ? Long.MIN_VALUE : headMax - options.chunkRangeMillis() / 2;
        long oooMin = outOfOrderWindowMillis <= 0 || headMax == Long.MIN_VALUE
                ? Long.MAX_VALUE : headMax - outOfOrderWindowMillis;
        return s.reserve(t, v, minValid, oooMin);
    }

    /**
     * {@link #reserve} for a native histogram sample ({@link io.amphora.model.histogram.Histogram} or
     * {@link io.amphora.model.histogram.FloatHistogram}), which the caller has validated: the same bounds,
     * out-of-order window and duplicate rules, a repeat being ignored only when the histograms are equal.
     */
    public AppendResult reserveHistogram(MemSeries s, long t, Object histogram, long outOfOrderWindowMillis) {
        long headMax = maxTime.get();
        long minValid = headMax == Long.MIN_VALUE ? Long.MIN_VALUE : headMax - options.chunkRangeMillis() / 2;
        long oooMin = outOfOrderWindowMillis <= 0 || headMax == Long.MIN_VALUE
                ? Long.MAX_VALUE : headMax - outOfOrderWindowMillis;
        return s.reserveHistogram(t, histogram, minValid, oooMin);
    }

    /** Gives back a reservation that will not be applied. */
    public void release(MemSeries s, long t, double v) {
        s.release(t, v);
    }

    /** Gives back a histogram reservation that will not be applied; {@code histogram} is the reserved instance. */
    public void releaseHistogram(MemSeries s, long t, Object histogram) {
        s.releaseHistogram(t, histogram);
    }

    /** Makes a durable sample visible (a commit's, or a replayed one); never refuses. */
    public void apply(MemSeries s, long t, double v, long seenMillis) {
        s.apply(t, v, seenMillis, options, chunkIds);
        if (t > maxTime.get()) {
            maxTime(t);
        }
    }

    /** Makes a durable histogram sample visible; never refuses. */
    public void applyHistogram(MemSeries s, long t, Object histogram, long seenMillis) {
        s.applyHistogram(t, histogram, seenMillis, options, chunkIds);
        if (t > maxTime.get()) {
            maxTime(t);
        }
    }

    public long nowMillis() {
        return clock.millis();
    }

    private void maxTime(long t) {
        maxTime.accumulateAndGet(t, Math::max);
    }

    public long maxTime() {
        return maxTime.get();
    }

    public int numSeries() {
        return series.size();
    }

    /** Series that received a sample within the active-series window (by wall clock). */
    public long activeSeries() {
        long cutoff = clock.millis() - options.activeSeriesWindowMillis();
        long n = 0;
        for (MemSeries s : series.values()) {
            if (s.lastSeenMillis() >= cutoff) {
                n++;
            }
        }
        return n;
    }

    public void forEachSeries(Consumer<MemSeries> consumer) {
        series.values().forEach(consumer);
    }

    @Override
    public Querier querier(long mint, long maxt) {
        return new HeadQuerier(this, mint, maxt);
    }

    public ChunkQuerier chunkQuerier(long mint, long maxt) {
        return new ChunkQuerier() {
            @Override
            public Iterator<ChunkSeries> selectChunks(long from, long to, Matcher... matchers) {
                long lo = Math.max(mint, from);
                long hi = Math.min(maxt, to);
                List<MemSeries.Snapshot> snapshots = lo > hi ? List.of() : select(true, lo, hi, matchers);
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < snapshots.size();
                    }

                    @Override
                    public ChunkSeries next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return toChunkSeries(snapshots.get(next++));
                    }
                };
            }

            @Override
            public void close() {}
        };
    }

    /** Snapshots of the matching series with data in {@code [mint, maxt]}, sorted by labels when asked. */
    List<MemSeries.Snapshot> select(boolean sorted, long mint, long maxt, Matcher... matchers) {
        MemSeries[] matched = postings.select(Arrays.asList(matchers));
        if (sorted) {
            Arrays.sort(matched, Comparator.comparing(MemSeries::labels));
        }
        List<MemSeries.Snapshot> out = new ArrayList<>(matched.length);
        for (MemSeries s : matched) {
            MemSeries.Snapshot snapshot = s.snapshot(mint, maxt);
            if (snapshot != null) {
                out.add(snapshot);
            }
        }
        return out;
    }

    /** Chunk {@code i} of a snapshot with its encoding, from memory or the store. */
    EncodedChunk chunk(MemSeries.Snapshot snapshot, int i) {
        byte[] data = snapshot.data()[i];
        if (data != null) {
            return new EncodedChunk(snapshot.minTimes()[i], snapshot.maxTimes()[i], snapshot.encodings()[i], data);
        }
        EncodedChunk stored = chunkReader.read(snapshot.series().ref, snapshot.minTimes()[i], snapshot.chunkIds()[i]);
        return new EncodedChunk(snapshot.minTimes()[i], snapshot.maxTimes()[i], stored.encoding(), stored.data());
    }

    private ChunkSeries toChunkSeries(MemSeries.Snapshot snapshot) {
        List<EncodedChunk> chunks = new ArrayList<>(snapshot.count());
        for (int i = 0; i < snapshot.count(); i++) {
            chunks.add(chunk(snapshot, i));
        }
        return new ChunkSeries(snapshot.series().labels, chunks);
    }

    List<String> labelNames(Matcher... matchers) {
        if (matchers.length == 0) {
            return postings.labelNames();
        }
        TreeSet<String> names = new TreeSet<>(Labels::compareStrings);
        for (MemSeries s : postings.select(Arrays.asList(matchers))) {
            s.labels.forEach((name, value) -> names.add(name));
        }
        return List.copyOf(names);
    }

    List<String> labelValues(String name, Matcher... matchers) {
        if (matchers.length == 0) {
            return postings.labelValues(name);
        }
        TreeSet<String> values = new TreeSet<>(Labels::compareStrings);
        for (MemSeries s : postings.select(Arrays.asList(matchers))) {
            String v = s.labels.get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return List.copyOf(values);
    }

    /** Heap held by chunk data and per-series buffers (excluding labels and index), for memory accounting. */
    public long chunkHeapBytes() {
        long total = 0;
        for (MemSeries s : series.values()) {
            total += s.chunkHeapBytes();
        }
        return total;
    }

    SeriesSet selectSeries(boolean sorted, SelectHints hints, long mint, long maxt, Matcher... matchers) {
        long lo = Math.max(mint, hints.start());
        long hi = Math.min(maxt, hints.end());
        List<MemSeries.Snapshot> snapshots = lo > hi ? List.of() : select(sorted, lo, hi, matchers);
        return new HeadSeriesSet(this, snapshots, lo, hi);
    }
}
