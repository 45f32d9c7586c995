package io.amphora.tsdb.head;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The inverted index of a head: for every label pair, the series carrying it, in increasing ref order.
 *
 * <p>Label names and values are interned here: {@link #canonical} returns the index's own string instances so
 * that each distinct name and value is held once however many series carry it. Thread-safe: a read-write lock
 * guards the maps; lists are only appended to, and readers copy what they need under the read lock.
 */
final class Postings {
    private final Map<String, Map<String, PostingList>> index = new HashMap<>();
    private final PostingList all = new PostingList();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Labels equal to {@code labels} built from interned strings. */
    Labels canonical(Labels labels) {
        String[] pairs = new String[labels.size() * 2];
        lock.readLock().lock();
        try {
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.name(i);
                String value = labels.value(i);
                Map<String, PostingList> values = index.get(name);
                if (values != null) {
                    PostingList list = values.get(value);
                    if (list != null) {
                        name = list.name;
                        value = list.value;
                    } else {
                        String existingName = anyName(values);
                        name = existingName != null ? existingName : name;
                    }
                }
                pairs[i * 2] = name;
                pairs[i * 2 + 1] = value;
            }
        } finally {
            lock.readLock().unlock();
        }
        return Labels.ofSortedPairs(pairs);
    }

    private static String anyName(Map<String, PostingList> values) {
        for (PostingList list : values.values()) {
            return list.name;
        }
        return null;
    }

    /** Indexes a series; refs must be added in increasing order. */
    void add(MemSeries series) {
        lock.writeLock().lock();
        try {
            Labels labels = series.labels;
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.name(i);
                String value = labels.value(i);
                index.computeIfAbsent(name, n -> new HashMap<>())
                        .computeIfAbsent(value, v -> new PostingList(name, value))
                        .add(series);
            }
            all.add(series);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Recovery: appends a series to the list of every series. Series must come in increasing ref order, before their
     * postings are restored.
     */
    void restoreSeries(MemSeries series) {
        lock.writeLock().lock();
        try {
            all.add(series);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Recovery: appends a series to the list of one label pair, as read from the postings family (refs ascending per
     * pair). The index keeps the series' own label strings, so names and values stay interned.
     *
     * @throws IllegalArgumentException when the series does not carry that pair (the index is inconsistent)
     */
    void restorePosting(String name, String value, MemSeries series) {
        Labels labels = series.labels;
        int at = -1;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.name(i).equals(name)) {
                at = i;
                break;
            }
        }
        if (at < 0 || !labels.value(at).equals(value)) {
            throw new IllegalArgumentException("posting " + name + "=\"" + value + "\" does not match series " + labels);
        }
        String internedName = labels.name(at);
        String internedValue = labels.value(at);
        lock.writeLock().lock();
        try {
            index.computeIfAbsent(internedName, n -> new HashMap<>())
                    .computeIfAbsent(internedValue, v -> new PostingList(internedName, internedValue))
                    .add(series);
        } finally {
            lock.writeLock().unlock();
        }
    }

    int size() {
        lock.readLock().lock();
        try {
            return all.size;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Series matching every matcher, in ref order. Matchers that do not match the empty string narrow the candidates
     * through the index (intersection of unions of postings lists); the others are checked against each candidate's
     * labels, which also gives Prometheus's rule that a matcher matching "" selects series lacking the label.
     */
    MemSeries[] select(List<Matcher> matchers) {
        List<Matcher> filters = new ArrayList<>();
        MemSeries[] candidates = null;
        lock.readLock().lock();
        try {
            List<MemSeries[]> narrowing = new ArrayList<>();
            for (Matcher m : matchers) {
                if (m.matchesEmpty()) {
                    filters.add(m);
                } else {
                    narrowing.add(postingsFor(m));
                }
            }
            if (narrowing.isEmpty()) {
                candidates = all.copy();
            } else {
                narrowing.sort(Comparator.comparingInt(a -> a.length));
                candidates = narrowing.getFirst();
                for (int i = 1; i < narrowing.size() && candidates.length > 0; i++) {
                    candidates = intersect(candidates, narrowing.get(i));
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        if (filters.isEmpty()) {
            return candidates;
        }
        int n = 0;
        for (MemSeries s : candidates) {
            if (matchesAll(s.labels, filters)) {
                candidates[n++] = s;
            }
        }
        return Arrays.copyOf(candidates, n);
    }

    private static boolean matchesAll(Labels labels, List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (!m.matches(labels.get(m.name()))) {
                return false;
            }
        }
        return true;
    }

    /** Union of the lists of the values a non-empty-matching matcher selects. Caller holds the read lock. */
    private MemSeries[] postingsFor(Matcher m) {
        Map<String, PostingList> values = index.get(m.name());
        if (values == null) {
            return new MemSeries[0];
        }
        List<PostingList> lists = new ArrayList<>();
        switch (m.type()) {
            case EQUAL -> {
                PostingList list = values.get(m.value());
                if (list != null) {
                    lists.add(list);
                }
            }
            case REGEX -> {
                List<String> set = m.setMatches();
                if (!set.isEmpty()) {
                    for (String v : set) {
                        PostingList list = values.get(v);
                        if (list != null) {
                            lists.add(list);
                        }
                    }
                } else {
                    for (PostingList list : values.values()) {
                        if (m.matches(list.value)) {
                            lists.add(list);
                        }
                    }
                }
            }
            case NOT_EQUAL, NOT_REGEX -> {
                for (PostingList list : values.values()) {
                    if (m.matches(list.value)) {
                        lists.add(list);
                    }
                }
            }
        }
        if (lists.size() == 1) {
            return lists.getFirst().copy();
        }
        int total = 0;
        for (PostingList list : lists) {
            total += list.size;
        }
        MemSeries[] out = new MemSeries[total];
        int n = 0;
        for (PostingList list : lists) {
            System.arraycopy(list.series, 0, out, n, list.size);
            n += list.size;
        }
        // Lists of distinct values of one label name are disjoint, so sorting by ref yields a set.
        Arrays.sort(out, Comparator.comparingLong(MemSeries::ref));
        return out;
    }

    private static MemSeries[] intersect(MemSeries[] a, MemSeries[] b) {
        MemSeries[] out = new MemSeries[Math.min(a.length, b.length)];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            long ra = a[i].ref;
            long rb = b[j].ref;
            if (ra == rb) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (ra < rb) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    List<String> labelNames() {
        lock.readLock().lock();
        try {
            List<String> names = new ArrayList<>(index.keySet());
            names.sort(Labels::compareStrings);
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    List<String> labelValues(String name) {
        lock.readLock().lock();
        try {
            Map<String, PostingList> values = index.get(name);
            if (values == null) {
                return List.of();
            }
            List<String> out = new ArrayList<>(values.keySet());
            out.sort(Labels::compareStrings);
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Series of one label pair, refs ascending; appended under the write lock only. */
    private static final class PostingList {
        final String name;
        final String value;
        MemSeries[] series = new MemSeries[1];
        int size;

        PostingList() {
            this("", "");
        }

        PostingList(String name, String value) {
            this.name = name;
            this.value = value;
        }

        void add(MemSeries s) {
            if (size == series.length) {
                series = Arrays.copyOf(series, size < 64 ? size * 2 : size + (size >> 1));
            }
            if (size > 0 && series[size - 1].ref >= s.ref) {
                throw new IllegalStateException("postings must be added in increasing ref order");
            }
            series[size++] = s;
        }

        MemSeries[] copy() {
            return Arrays.copyOf(series, size);
        }
    }
}
