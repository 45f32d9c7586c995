package io.amphora.storage;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * A complete in-memory store: {@link Appendable} for writes and {@link Queryable} for reads, for tests and for
 * wiring components together without a TSDB.
 *
 * <p>Write semantics follow the Prometheus head without an out-of-order window. Each series keeps its samples in
 * strictly increasing timestamp order. {@link Appender#append} refuses a sample older than the series' newest one
 * ({@link ErrorCode#SAMPLE_OUT_OF_ORDER}) and a different value at the newest timestamp
 * ({@link ErrorCode#SAMPLE_DUPLICATE_TIMESTAMP}; values compare bit for bit, so two NaNs with different payloads
 * differ), judged against committed samples and those appended earlier in the same batch; the same value again is
 * accepted as a no-op. The batch becomes visible atomically on {@code commit} and is dropped by {@code rollback}.
 * If a concurrent appender commits newer samples for the same series first, the now out-of-order samples are
 * rejected at commit: the rest of the batch is committed and {@code commit} then throws naming the rejected ones.
 *
 * <p>Start timestamps given to the {@code ...WithStartTimestamp} methods are kept per sample and read back through
 * {@link SampleIterator#atStartTimestamp()}; a series none of whose samples has one stores none (no extra array). A
 * repeated sample that is a no-op keeps the start timestamp it was first stored with.
 *
 * <p>Reads are snapshots: {@link Querier#select} copies the matching samples under a read lock, so the returned
 * series never change and stay valid after the querier is closed. Thread-safe.
 */
public final class InMemoryQueryable implements Queryable, Appendable {
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Guarded by {@link #lock}; sorted by labels so selects return sorted series without sorting. */
    private final TreeMap<Labels, Samples> series = new TreeMap<>();

    @Override
    public Appender appender() {
        return new InMemoryAppender();
    }

    /** @throws IllegalArgumentException when {@code mint > maxt} */
    @Override
    public Querier querier(long mint, long maxt) {
        if (mint > maxt) {
            throw new IllegalArgumentException("mint " + mint + " is after maxt " + maxt);
        }
        return new InMemoryQuerier(mint, maxt);
    }

    /** Number of series with at least one committed sample. */
    public int seriesCount() {
        lock.readLock().lock();
        try {
            return series.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Growable, strictly increasing samples of one series. */
    private static final class Samples {
        private long[] timestamps = new long[8];
        private double[] values = new double[8];
        /** Null until the first histogram sample; then per entry a histogram or null (a float). */
        private Object[] histograms;
        /** Null until the first known start timestamp; then per entry a start timestamp, 0 meaning unknown. */
        private long[] startTimestamps;
        private int size;

        /**
         * @param st the start timestamp, 0 for unknown
         * @param h a {@link Histogram}, a {@link FloatHistogram}, or null for a float sample
         */
        void add(long st, long t, double v, Object h) {
            if (size == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, size * 2);
                values = Arrays.copyOf(values, size * 2);
                if (histograms != null) {
                    histograms = Arrays.copyOf(histograms, size * 2);
                }
                if (startTimestamps != null) {
                    startTimestamps = Arrays.copyOf(startTimestamps, size * 2);
                }
            }
            if (h != null && histograms == null) {
                histograms = new Object[timestamps.length];
            }
            if (st != 0 && startTimestamps == null) {
                startTimestamps = new long[timestamps.length];
            }
            timestamps[size] = t;
            values[size] = v;
            if (histograms != null) {
                histograms[size] = h;
            }
            if (startTimestamps != null) {
                startTimestamps[size] = st;
            }
            size++;
        }

        long startTimestampAt(int i) {
            return startTimestamps == null ? 0 : startTimestamps[i];
        }

        Object histogramAt(int i) {
            return histograms == null ? null : histograms[i];
        }

        Object lastHistogram() {
            return histogramAt(size - 1);
        }

        long lastTimestamp() {
            return timestamps[size - 1];
        }

        double lastValue() {
            return values[size - 1];
        }

        /** Index of the first sample with timestamp {@code >= t}. */
        int lowerBound(long t) {
            int found = Arrays.binarySearch(timestamps, 0, size, t);
            return found >= 0 ? found : -found - 1;
        }

        /** Index after the last sample with timestamp {@code <= t}. */
        int upperBound(long t) {
            int found = Arrays.binarySearch(timestamps, 0, size, t);
            return found >= 0 ? found + 1 : -found - 1;
        }

        boolean hasSampleIn(long mint, long maxt) {
            return lowerBound(mint) < upperBound(maxt);
        }
    }

    /**
     * Why a sample may not follow its series' newest sample ({@code lastT}, {@code lastV}, {@code lastH}), or null
     * if it may. A histogram at the newest timestamp is a duplicate unless it equals the newest one exactly; a float
     * and a histogram at the same timestamp always conflict.
     */
    private static AmphoraException refusal(
            Labels labels, long lastT, double lastV, Object lastH, long t, double v, Object h) {
        if (t < lastT) {
            return new AmphoraException(ErrorCode.SAMPLE_OUT_OF_ORDER, ErrorCode.SAMPLE_OUT_OF_ORDER.message()
                    + ": timestamp " + t + " is before the newest sample at " + lastT + " for series " + labels);
        }
        if (t == lastT) {
            boolean same = h == null && lastH == null
                    ? Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(lastV)
                    : h != null && h.equals(lastH);
            if (!same) {
                return new AmphoraException(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP,
                        ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP.message() + ": timestamp " + t + " already has value "
                                + (lastH == null ? lastV : lastH) + ", not " + (h == null ? v : h)
                                + ", for series " + labels);
            }
        }
        return null;
    }

    private final class InMemoryAppender implements Appender {
        private final Map<Labels, Samples> pending = new LinkedHashMap<>();
        private boolean finished;

        @Override
        public void append(Labels labels, long timestamp, double value) {
            add(labels, 0, timestamp, value, null);
        }

        @Override
        public void appendHistogram(Labels labels, long timestamp, Histogram histogram) {
            add(labels, 0, timestamp, 0, requireNonNull(histogram, "histogram is null"));
        }

        @Override
        public void appendFloatHistogram(Labels labels, long timestamp, FloatHistogram histogram) {
            add(labels, 0, timestamp, 0, requireNonNull(histogram, "histogram is null"));
        }

        @Override
        public void appendWithStartTimestamp(Labels labels, long startTimestamp, long timestamp, double value) {
            add(labels, startTimestamp, timestamp, value, null);
        }

        @Override
        public void appendHistogramWithStartTimestamp(
                Labels labels, long startTimestamp, long timestamp, Histogram histogram) {
            add(labels, startTimestamp, timestamp, 0, requireNonNull(histogram, "histogram is null"));
        }

        @Override
        public void appendFloatHistogramWithStartTimestamp(
                Labels labels, long startTimestamp, long timestamp, FloatHistogram histogram) {
            add(labels, startTimestamp, timestamp, 0, requireNonNull(histogram, "histogram is null"));
        }

        private void add(Labels labels, long startTimestamp, long timestamp, double value, Object histogram) {
            requireNonNull(labels, "labels is null");
            checkOpen();
            if (labels.isEmpty()) {
                throw new AmphoraException(ErrorCode.INVALID_REQUEST, "sample has an empty label set");
            }
            Samples batch = pending.get(labels);
            if (batch != null) {
                if (check(labels, batch.lastTimestamp(), batch.lastValue(), batch.lastHistogram(), timestamp, value,
                        histogram)) {
                    batch.add(startTimestamp, timestamp, value, histogram);
                }
                return;
            }
            lock.readLock().lock();
            try {
                Samples committed = series.get(labels);
                if (committed != null
                        && !check(labels, committed.lastTimestamp(), committed.lastValue(),
                                committed.lastHistogram(), timestamp, value, histogram)) {
                    return;
                }
            } finally {
                lock.readLock().unlock();
            }
            batch = new Samples();
            batch.add(startTimestamp, timestamp, value, histogram);
            pending.put(labels, batch);
        }

        /** True to append, false for an identical sample (a no-op); throws for a refused one. */
        private boolean check(Labels labels, long lastT, double lastV, Object lastH, long t, double v, Object h) {
            AmphoraException refusal = refusal(labels, lastT, lastV, lastH, t, v, h);
            if (refusal != null) {
                throw refusal;
            }
            return t != lastT;
        }

        @Override
        public void commit() {
            checkOpen();
            finished = true;
            int rejected = 0;
            AmphoraException first = null;
            lock.writeLock().lock();
            try {
                for (Map.Entry<Labels, Samples> entry : pending.entrySet()) {
                    Labels labels = entry.getKey();
                    Samples batch = entry.getValue();
                    Samples target = series.get(labels);
                    for (int i = 0; i < batch.size; i++) {
                        long t = batch.timestamps[i];
                        double v = batch.values[i];
                        Object h = batch.histogramAt(i);
                        if (target != null && target.size > 0) {
                            AmphoraException refusal = refusal(labels, target.lastTimestamp(), target.lastValue(),
                                    target.lastHistogram(), t, v, h);
                            if (refusal != null) {
                                rejected++;
                                first = first == null ? refusal : first;
                                continue;
                            }
                            if (t == target.lastTimestamp()) {
                                continue;
                            }
                        }
                        if (target == null) {
                            target = new Samples();
                            series.put(labels, target);
                        }
                        target.add(batch.startTimestampAt(i), t, v, h);
                    }
                }
            } finally {
                lock.writeLock().unlock();
                pending.clear();
            }
            if (first != null) {
                throw new AmphoraException(first.code(), rejected + " sample(s) were rejected at commit because "
                        + "another appender committed newer samples first; the rest of the batch was committed. "
                        + "First: " + first.getMessage(), first);
            }
        }

        @Override
        public void rollback() {
            checkOpen();
            finished = true;
            pending.clear();
        }

        private void checkOpen() {
            if (finished) {
                throw new IllegalStateException("appender was already committed or rolled back");
            }
        }
    }

    private final class InMemoryQuerier implements Querier {
        private final long mint;
        private final long maxt;
        private boolean closed;

        InMemoryQuerier(long mint, long maxt) {
            this.mint = mint;
            this.maxt = maxt;
        }

        /**
         * Series matching all matchers with their samples inside both the querier's range and the hints' range
         * (null hints mean the querier's range); series without such samples are left out. Always sorted.
         */
        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            checkOpen();
            long start = hints == null ? mint : Math.max(mint, hints.start());
            long end = hints == null ? maxt : Math.min(maxt, hints.end());
            if (start > end) {
                return EmptySeriesSet.INSTANCE;
            }
            List<Series> result = new ArrayList<>();
            forEachMatching(matchers, (labels, samples) -> {
                int from = samples.lowerBound(start);
                int to = samples.upperBound(end);
                if (from < to) {
                    result.add(new ArraySeries(labels, Arrays.copyOfRange(samples.timestamps, from, to),
                            Arrays.copyOfRange(samples.values, from, to),
                            samples.histograms == null ? null : Arrays.copyOfRange(samples.histograms, from, to),
                            samples.startTimestamps == null ? null
                                    : Arrays.copyOfRange(samples.startTimestamps, from, to),
                            to - from));
                }
            });
            return new ListSeriesSet(result);
        }

        /** Values among series that match and have a sample in the querier's range. */
        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
            requireNonNull(name, "name is null");
            checkOpen();
            Set<String> values = new TreeSet<>(Labels::compareStrings);
            forEachMatching(matchers, (labels, samples) -> {
                String value = labels.get(name);
                if (!value.isEmpty() && samples.hasSampleIn(mint, maxt)) {
                    values.add(value);
                }
            });
            return List.copyOf(values);
        }

        /** Names among series that match and have a sample in the querier's range. */
        @Override
        public List<String> labelNames(Matcher... matchers) {
            checkOpen();
            Set<String> names = new TreeSet<>(Labels::compareStrings);
            forEachMatching(matchers, (labels, samples) -> {
                if (samples.hasSampleIn(mint, maxt)) {
                    labels.forEach((name, value) -> names.add(name));
                }
            });
            return List.copyOf(names);
        }

        private void forEachMatching(Matcher[] matchers, BiConsumer<Labels, Samples> action) {
            for (Matcher matcher : matchers) {
                requireNonNull(matcher, "matcher is null");
            }
            lock.readLock().lock();
            try {
                for (Map.Entry<Labels, Samples> entry : series.entrySet()) {
                    if (matchesAll(entry.getKey(), matchers)) {
                        action.accept(entry.getKey(), entry.getValue());
                    }
                }
            } finally {
                lock.readLock().unlock();
            }
        }

        private static boolean matchesAll(Labels labels, Matcher[] matchers) {
            for (Matcher matcher : matchers) {
                if (!matcher.matches(labels.get(matcher.name()))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            closed = true;
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("querier is closed");
            }
        }
    }
}
