package io.amphora.storage;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MergeQuerierTest {
    private static final Labels A = Labels.of("__name__", "up", "job", "a");
    private static final Labels B = Labels.of("__name__", "up", "job", "b");
    private static final Labels C = Labels.of("__name__", "up", "job", "c");
    private static final Matcher UP = Matcher.equal("__name__", "up");
    private static final SelectHints ALL = SelectHints.range(0, 1_000);

    @Test
    void mergesSeriesFromAllSourcesSortedByLabels() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(A, 1, 1), series(C, 1, 3)),
                new FakeQuerier(series(B, 1, 2))));

        Map<Labels, List<Double>> result = read(querier.select(true, ALL, UP));

        assertThat(result.keySet()).containsExactly(A, B, C);
        assertThat(result.get(B)).containsExactly(1.0, 2.0);
    }

    @Test
    void deduplicatesIdenticalSamplesOfReplicas() {
        InMemoryQueryable replica1 = new InMemoryQueryable();
        InMemoryQueryable replica2 = new InMemoryQueryable();
        for (InMemoryQueryable replica : List.of(replica1, replica2)) {
            Appender appender = replica.appender();
            appender.append(A, 10, 1);
            appender.append(A, 20, 2);
            appender.append(B, 10, 5);
            appender.commit();
        }

        try (Querier querier = new MergeQueryable(List.of(replica1, replica2)).querier(0, 1_000)) {
            Map<Labels, List<Double>> result = read(querier.select(true, ALL, UP));

            assertThat(result).containsOnlyKeys(A, B);
            assertThat(result.get(A)).containsExactly(10.0, 1.0, 20.0, 2.0);
            assertThat(result.get(B)).containsExactly(10.0, 5.0);
        }
    }

    @Test
    void fillsGapsFromOtherSourcesAndPrefersTheFirstWhereTheyDisagree() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(A, 10, 1, 30, 3)),
                new FakeQuerier(series(A, 10, 100, 20, 2, 40, 4))));

        assertThat(read(querier.select(true, ALL, UP)).get(A))
                .containsExactly(10.0, 1.0, 20.0, 2.0, 30.0, 3.0, 40.0, 4.0);
    }

    @Test
    void aMergedSeriesIteratorCanBeReused() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(A, 10, 1), series(B, 10, 2)),
                new FakeQuerier(series(A, 20, 3), series(B, 20, 4))));
        SeriesSet set = querier.select(true, ALL, UP);
        List<Double> seen = new ArrayList<>();

        SampleIterator reuse = null;
        while (set.next()) {
            SampleIterator iterator = set.at().iterator(reuse);
            if (reuse != null) {
                assertThat(iterator).isSameAs(reuse);
            }
            while (iterator.next() == ValueType.FLOAT) {
                seen.add(iterator.atValue());
            }
            reuse = iterator;
        }

        assertThat(seen).containsExactly(1.0, 3.0, 2.0, 4.0);
    }

    @Test
    void keepsTheWarningsOfEverySource() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(List.of("partial: ingester 1 down"), series(A, 1, 1)),
                new FakeQuerier(List.of("partial: ingester 2 down", "partial: ingester 1 down"), series(B, 1, 1)),
                new FakeQuerier(series(C, 1, 1))));

        SeriesSet set = querier.select(true, ALL, UP);
        read(set);

        assertThat(set.warnings()).containsExactly("partial: ingester 1 down", "partial: ingester 2 down");
    }

    @Test
    void endsWithTheErrorOfASourceThatFailsMidway() {
        IllegalStateException failure = new IllegalStateException("chunk checksum mismatch");
        FakeQuerier failing = new FakeQuerier(series(B, 1, 1)).failingAfter(1, failure);
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(List.of("slow"), series(A, 1, 1), series(C, 1, 1)), failing));

        SeriesSet set = querier.select(true, ALL, UP);
        List<Labels> seen = new ArrayList<>();
        while (set.next()) {
            seen.add(set.at().labels());
        }

        assertThat(set.err()).isSameAs(failure);
        assertThat(seen).doesNotContain(C);
        assertThat(set.next()).isFalse();
        assertThat(set.warnings()).containsExactly("slow");
    }

    @Test
    void aSelectThatThrowsEndsTheSetWithThatError() {
        RuntimeException failure = new RuntimeException("ingester unreachable");
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(A, 1, 1)), new FakeQuerier().failingOnSelect(failure)));

        SeriesSet set = querier.select(true, ALL, UP);

        assertThat(set.next()).isFalse();
        assertThat(set.err()).isSameAs(failure);
        assertThatThrownBy(set::at).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void asksEverySourceForSortedSeriesAndPassesTheQueryOn() {
        FakeQuerier first = new FakeQuerier(series(A, 1, 1));
        FakeQuerier second = new FakeQuerier(series(B, 1, 1));
        Matcher job = Matcher.regex("job", "a|b");

        read(new MergeQuerier(List.of(first, second)).select(false, ALL, UP, job));

        assertThat(first.sortRequested).isTrue();
        assertThat(second.sortRequested).isTrue();
        assertThat(first.lastHints).isEqualTo(ALL);
        assertThat(first.lastMatchers).containsExactly(UP, job);
    }

    @Test
    void rejectsASourceThatReturnsUnsortedSeries() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(B, 1, 1), series(A, 1, 1)), new FakeQuerier(series(C, 1, 1))));

        SeriesSet set = querier.select(true, ALL, UP);
        read(set, false);

        assertThat(set.err()).isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
    }

    @Test
    void withOneSourcePassesTheSelectThroughUnchanged() {
        FakeQuerier only = new FakeQuerier(series(A, 1, 1));

        read(new MergeQuerier(List.of(only)).select(false, ALL, UP));

        assertThat(only.sortRequested).isFalse();
    }

    @Test
    void withNoSourcesReturnsAnEmptySet() {
        SeriesSet set = new MergeQuerier(List.of()).select(true, ALL, UP);

        assertThat(set.next()).isFalse();
        assertThat(set.err()).isNull();
    }

    @Test
    void labelNamesAndValuesAreTheSortedUnion() {
        MergeQuerier querier = new MergeQuerier(List.of(
                new FakeQuerier(series(Labels.of("__name__", "up", "job", "b", "zone", "eu"), 1, 1)),
                new FakeQuerier(series(A, 1, 1), series(Labels.of("__name__", "up", "job", "😀"), 1, 1)),
                new FakeQuerier(series(Labels.of("__name__", "up", "job", "\uFFFF", "code", "2"), 1, 1))));

        assertThat(querier.labelNames()).containsExactly("__name__", "code", "job", "zone");
        assertThat(querier.labelValues("job")).containsExactly("a", "b", "\uFFFF", "😀");
        assertThat(querier.labelValues("job", Matcher.equal("zone", "eu"))).containsExactly("b");
        assertThat(querier.labelNames(Matcher.equal("job", "a"))).containsExactly("__name__", "job");
    }

    @Test
    void closesEverySourceAndThrowsTheFirstFailure() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        FakeQuerier a = new FakeQuerier().failingOnClose(first);
        FakeQuerier b = new FakeQuerier();
        FakeQuerier c = new FakeQuerier().failingOnClose(second);

        assertThatThrownBy(() -> new MergeQuerier(List.of(a, b, c)).close())
                .isSameAs(first)
                .hasSuppressedException(second);
        assertThat(List.of(a.closed, b.closed, c.closed)).containsOnly(true);
    }

    @Test
    void mergeQueryableClosesOpenedQueriersWhenAnotherFailsToOpen() {
        FakeQuerier opened = new FakeQuerier();
        RuntimeException failure = new RuntimeException("no such tenant");
        Queryable failing = (mint, maxt) -> {
            throw failure;
        };

        assertThatThrownBy(() -> new MergeQueryable(List.of((mint, maxt) -> opened, failing)).querier(0, 10))
                .isSameAs(failure);
        assertThat(opened.closed).isTrue();
    }

    private static Map<Labels, List<Double>> read(SeriesSet set) {
        return read(set, true);
    }

    /** Series labels to their samples as alternating timestamp and value. */
    private static Map<Labels, List<Double>> read(SeriesSet set, boolean expectSuccess) {
        Map<Labels, List<Double>> result = new LinkedHashMap<>();
        while (set.next()) {
            Series series = set.at();
            SampleIterator iterator = series.iterator(null);
            List<Double> samples = new ArrayList<>();
            while (iterator.next() == ValueType.FLOAT) {
                samples.add((double) iterator.atT());
                samples.add(iterator.atValue());
            }
            result.put(series.labels(), samples);
        }
        if (expectSuccess) {
            assertThat(set.err()).isNull();
        }
        return result;
    }

    private static Series series(Labels labels, double... timestampsAndValues) {
        int n = timestampsAndValues.length / 2;
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = (long) timestampsAndValues[2 * i];
            values[i] = timestampsAndValues[2 * i + 1];
        }
        return new ArraySeries(labels, timestamps, values);
    }

    /** A querier over a fixed list of series, in the given order, that can be told to fail. */
    private static final class FakeQuerier implements Querier {
        private final List<Series> series;
        private final List<String> warnings;
        private int failAfter = -1;
        private RuntimeException setFailure;
        private RuntimeException selectFailure;
        private RuntimeException closeFailure;
        boolean sortRequested;
        SelectHints lastHints;
        List<Matcher> lastMatchers;
        boolean closed;

        FakeQuerier(Series... series) {
            this(List.of(), series);
        }

        FakeQuerier(List<String> warnings, Series... series) {
            this.series = List.of(series);
            this.warnings = warnings;
        }

        FakeQuerier failingAfter(int seriesCount, RuntimeException failure) {
            this.failAfter = seriesCount;
            this.setFailure = failure;
            return this;
        }

        FakeQuerier failingOnSelect(RuntimeException failure) {
            this.selectFailure = failure;
            return this;
        }

        FakeQuerier failingOnClose(RuntimeException failure) {
            this.closeFailure = failure;
            return this;
        }

        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            sortRequested = sortSeries;
            lastHints = hints;
            lastMatchers = List.of(matchers);
            if (selectFailure != null) {
                throw selectFailure;
            }
            List<Series> matching = series.stream().filter(s -> matchesAll(s.labels(), matchers)).toList();
            return new SeriesSet() {
                private int index = -1;
                private RuntimeException error;

                @Override
                public boolean next() {
                    if (error != null) {
                        return false;
                    }
                    if (failAfter >= 0 && index + 1 >= failAfter) {
                        error = setFailure;
                        return false;
                    }
                    index++;
                    return index < matching.size();
                }

                @Override
                public Series at() {
                    return matching.get(index);
                }

                @Override
                public RuntimeException err() {
                    return error;
                }

                @Override
                public List<String> warnings() {
                    return warnings;
                }
            };
        }

        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
            Set<String> values = new TreeSet<>(Labels::compareStrings);
            series.stream().filter(s -> matchesAll(s.labels(), matchers))
                    .map(s -> s.labels().get(name)).filter(v -> !v.isEmpty()).forEach(values::add);
            return List.copyOf(values);
        }

        @Override
        public List<String> labelNames(Matcher... matchers) {
            Set<String> names = new TreeSet<>(Labels::compareStrings);
            series.stream().filter(s -> matchesAll(s.labels(), matchers))
                    .forEach(s -> s.labels().forEach((name, value) -> names.add(name)));
            return List.copyOf(names);
        }

        @Override
        public void close() {
            closed = true;
            if (closeFailure != null) {
                throw closeFailure;
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
    }
}
