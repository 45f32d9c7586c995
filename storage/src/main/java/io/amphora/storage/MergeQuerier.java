package io.amphora.storage;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Objects.requireNonNull;

/**
 * Reads several {@link Querier}s as one (Prometheus {@code storage.NewMergeQuerier} with a chaining merge): the
 * head and blocks of one store, or the same data from several ingester replicas.
 *
 * <p>{@link #select} asks every source for sorted series and merges them by labels, so the result is always
 * sorted. Series with equal labels from several sources become one series whose samples are merged by
 * {@link ChainedSampleIterator}: identical samples from replicas appear once, and where sources disagree at a
 * timestamp the earlier source in the list wins. Warnings of every source are kept. A failure of any source (a
 * thrown select, or a set ending with {@link SeriesSet#err()}) ends the merged set with that error, because a
 * silently partial result would be wrong. {@link #labelNames}/{@link #labelValues} return the sorted union.
 *
 * <p>Not thread-safe, like the queriers it wraps. Closing closes every source.
 */
public final class MergeQuerier implements Querier {
    private final List<Querier> queriers;

    public MergeQuerier(List<? extends Querier> queriers) {
        this.queriers = List.copyOf(requireNonNull(queriers, "queriers is null"));
    }

    @Override
    public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
        if (queriers.isEmpty()) {
            return EmptySeriesSet.INSTANCE;
        }
        if (queriers.size() == 1) {
            return select(queriers.getFirst(), sortSeries, hints, matchers);
        }
        SeriesSet[] sets = new SeriesSet[queriers.size()];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = select(queriers.get(i), true, hints, matchers);
        }
        return new MergedSeriesSet(sets);
    }

    private static SeriesSet select(Querier querier, boolean sortSeries, SelectHints hints, Matcher[] matchers) {
        try {
            return requireNonNull(querier.select(sortSeries, hints, matchers), "querier returned a null series set");
        } catch (RuntimeException e) {
            return new FailedSeriesSet(e);
        }
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
        Set<String> values = new TreeSet<>(Labels::compareStrings);
        for (Querier querier : queriers) {
            values.addAll(querier.labelValues(name, matchers));
        }
        return List.copyOf(values);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
        Set<String> names = new TreeSet<>(Labels::compareStrings);
        for (Querier querier : queriers) {
            names.addAll(querier.labelNames(matchers));
        }
        return List.copyOf(names);
    }

    /** Closes every source, even when some fail; the first failure is thrown with the others suppressed. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Querier querier : queriers) {
            try {
                querier.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** K-way merge of sorted sets with a min-heap of set indexes keyed by (labels, index). */
    private static final class MergedSeriesSet implements SeriesSet {
        private final SeriesSet[] sets;
        private final Labels[] heads;
        private final int[] heap;
        private int heapSize;
        /** Sets whose current series make up {@link #current}, in source order. */
        private final int[] group;
        private int groupSize;
        private Series current;
        private RuntimeException error;
        private boolean started;
        private boolean done;

        MergedSeriesSet(SeriesSet[] sets) {
            this.sets = sets;
            this.heads = new Labels[sets.length];
            this.heap = new int[sets.length];
            this.group = new int[sets.length];
        }

        @Override
        public boolean next() {
            if (done) {
                return false;
            }
            if (!started) {
                started = true;
                for (int i = 0; i < sets.length; i++) {
                    if (!advance(i)) {
                        return fail();
                    }
                }
            } else {
                for (int k = 0; k < groupSize; k++) {
                    if (!advance(group[k])) {
                        return fail();
                    }
                }
            }
            groupSize = 0;
            if (heapSize == 0) {
                done = true;
                current = null;
                return false;
            }
            int first = poll();
            group[groupSize++] = first;
            while (heapSize > 0 && heads[heap[0]].equals(heads[first])) {
                group[groupSize++] = poll();
            }
            if (groupSize == 1) {
                current = sets[first].at();
            } else {
                Series[] members = new Series[groupSize];
                for (int k = 0; k < groupSize; k++) {
                    members[k] = sets[group[k]].at();
                }
                current = new MergedSeries(heads[first], members);
            }
            return true;
        }

        /** Moves set {@code i} to its next series; false when it failed. */
        private boolean advance(int i) {
            SeriesSet set = sets[i];
            if (!set.next()) {
                error = set.err();
                return error == null;
            }
            Labels labels = set.at().labels();
            Labels previous = heads[i];
            if (previous != null && previous.compareTo(labels) >= 0) {
                error = new IllegalStateException("source " + i + " returned series out of order: " + labels
                        + " after " + previous);
                return false;
            }
            heads[i] = labels;
            offer(i);
            return true;
        }

        private boolean fail() {
            done = true;
            current = null;
            return false;
        }

        private void offer(int set) {
            int slot = heapSize++;
            while (slot > 0) {
                int parent = (slot - 1) >>> 1;
                if (!less(set, heap[parent])) {
                    break;
                }
                heap[slot] = heap[parent];
                slot = parent;
            }
            heap[slot] = set;
        }

        private int poll() {
            int top = heap[0];
            int last = heap[--heapSize];
            int slot = 0;
            while (true) {
                int child = 2 * slot + 1;
                if (child >= heapSize) {
                    break;
                }
                if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
                    child++;
                }
                if (!less(heap[child], last)) {
                    break;
                }
                heap[slot] = heap[child];
                slot = child;
            }
            if (heapSize > 0) {
                heap[slot] = last;
            }
            return top;
        }

        private boolean less(int a, int b) {
            int cmp = heads[a].compareTo(heads[b]);
            return cmp < 0 || (cmp == 0 && a < b);
        }

        @Override
        public Series at() {
            if (current == null) {
                throw new IllegalStateException("series set is not positioned on a series");
            }
            return current;
        }

        @Override
        public RuntimeException err() {
            return error;
        }

        /** The distinct warnings of all sources, in source order. */
        @Override
        public List<String> warnings() {
            Set<String> warnings = new LinkedHashSet<>();
            for (SeriesSet set : sets) {
                warnings.addAll(set.warnings());
            }
            return List.copyOf(warnings);
        }
    }

    /** One series present in several sources; its samples are the chained merge of theirs. */
    private static final class MergedSeries implements Series {
        private final Labels labels;
        private final Series[] members;

        MergedSeries(Labels labels, Series[] members) {
            this.labels = labels;
            this.members = members;
        }

        @Override
        public Labels labels() {
            return labels;
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            List<SampleIterator> iterators = new ArrayList<>(members.length);
            for (Series member : members) {
                iterators.add(member.iterator(null));
            }
            if (reuse instanceof ChainedSampleIterator chained) {
                return chained.reset(iterators);
            }
            return new ChainedSampleIterator(iterators);
        }
    }
}
