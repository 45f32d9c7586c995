package io.amphora.storage;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.Histogram;
import io.amphora.model.histogram.Span;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryQueryableTest extends QueryableContractTest<InMemoryQueryable> {
    private static final Labels SERIES = Labels.of("__name__", "up", "job", "api");

    @Override
    protected InMemoryQueryable createQueryable() {
        return new InMemoryQueryable();
    }

    @Test
    void rejectsSamplesThatBecameOutOfOrderBeforeCommitButCommitsTheRest() {
        Appender slow = store().appender();
        slow.append(SERIES, t(10), 1);
        slow.append(SERIES, t(30), 3);
        slow.append(Labels.of("__name__", "other"), t(10), 9);
        appendSamples(SERIES, 20, 2);

        assertThatThrownBy(slow::commit)
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER))
                .hasMessageContaining("1 sample(s) were rejected at commit");
        assertThat(select(Matcher.equal("job", "api")).get(SERIES)).containsExactly(sample(20, 2), sample(30, 3));
        assertThat(select(Matcher.equal("__name__", "other"))).hasSize(1);
    }

    @Test
    void keepsStartTimestampsOfFloatAndHistogramSamples() {
        Histogram histogram = new Histogram(CounterResetHint.UNKNOWN, 0, 0.001, 0, 1, 1.5,
                new Span[] {new Span(0, 1)}, new long[] {1}, new Span[0], new long[0], new double[0]);
        Appender appender = store().appender();
        appender.appendWithStartTimestamp(SERIES, t(5), t(10), 1);
        appender.appendHistogramWithStartTimestamp(SERIES, t(15), t(20), histogram);
        appender.appendFloatHistogramWithStartTimestamp(SERIES, t(25), t(30), histogram.toFloat());
        appender.append(SERIES, t(40), 4);
        appender.commit();

        assertThat(startTimestamps(SERIES)).containsExactly(t(5), t(15), t(25), 0L);
    }

    @Test
    void aRepeatedSampleKeepsTheStartTimestampItWasFirstStoredWith() {
        Appender first = store().appender();
        first.appendWithStartTimestamp(SERIES, t(5), t(10), 1);
        first.commit();
        Appender second = store().appender();
        second.appendWithStartTimestamp(SERIES, t(7), t(10), 1);
        second.commit();

        assertThat(startTimestamps(SERIES)).containsExactly(t(5));
    }

    private List<Long> startTimestamps(Labels labels) {
        List<Long> result = new ArrayList<>();
        try (Querier querier = store().querier(t(-1000), t(1000))) {
            SeriesSet set = querier.select(true, null, Matcher.equal("job", "api"));
            assertThat(set.next()).isTrue();
            assertThat(set.at().labels()).isEqualTo(labels);
            SampleIterator iterator = set.at().iterator(null);
            while (iterator.next() != ValueType.NONE) {
                result.add(iterator.atStartTimestamp());
            }
        }
        return result;
    }

    @Test
    void anAppenderCannotBeUsedAfterCommitOrRollback() {
        Appender committed = store().appender();
        committed.commit();
        Appender rolledBack = store().appender();
        rolledBack.rollback();

        assertThatThrownBy(() -> committed.append(SERIES, t(0), 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(committed::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(rolledBack::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(rolledBack::rollback).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsASampleWithoutLabels() {
        Appender appender = store().appender();

        assertThatThrownBy(() -> appender.append(Labels.empty(), t(0), 1))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    @Test
    void aQuerierRefusesAnInvertedRangeAndUseAfterClose() {
        assertThatThrownBy(() -> store().querier(t(10), t(0))).isInstanceOf(IllegalArgumentException.class);

        Querier querier = store().querier(t(0), t(10));
        querier.close();

        assertThatThrownBy(() -> querier.select(true, null, Matcher.equal("job", "api")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(querier::labelNames).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void selectWithoutHintsUsesTheQuerierRange() {
        appendSamples(SERIES, 0, 1, 10, 2, 20, 3);

        try (Querier querier = store().querier(t(5), t(20))) {
            assertThat(read(querier.select(true, null, Matcher.equal("job", "api"))).get(SERIES))
                    .containsExactly(sample(10, 2), sample(20, 3));
        }
    }

    @Test
    void selectedSeriesAreSnapshotsUnaffectedByLaterWrites() {
        appendSamples(SERIES, 0, 1);
        try (Querier querier = store().querier(t(-100), t(100))) {
            SeriesSet set = querier.select(true, SelectHints.range(t(-100), t(100)), Matcher.equal("job", "api"));
            assertThat(set.next()).isTrue();
            Series series = set.at();

            appendSamples(SERIES, 10, 2);

            assertThat(samples(series.iterator(null))).containsExactly(sample(0, 1));
        }
    }

    @Test
    void labelNamesAndValuesOnlyCountSeriesWithSamplesInTheQuerierRange() {
        appendSamples(SERIES, 0, 1);
        appendSamples(Labels.of("__name__", "up", "job", "late", "zone", "eu"), 1000, 1);

        try (Querier querier = store().querier(t(-10), t(10))) {
            assertThat(querier.labelValues("job")).containsExactly("api");
            assertThat(querier.labelNames()).containsExactly("__name__", "job");
        }
    }

    @Test
    void countsSeries() {
        appendSamples(SERIES, 0, 1);
        appendSamples(Labels.of("__name__", "other"), 0, 1);
        Appender uncommitted = store().appender();
        uncommitted.append(Labels.of("__name__", "pending"), t(0), 1);

        assertThat(store().seriesCount()).isEqualTo(2);
        uncommitted.rollback();
    }

    @Test
    void concurrentAppendersAndReadersSeeConsistentData() throws Exception {
        int writers = 4;
        int samplesPerWriter = 2_000;
        ExecutorService executor = Executors.newFixedThreadPool(writers + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Labels labels = Labels.of("__name__", "load", "writer", Integer.toString(w));
                futures.add(executor.submit(() -> {
                    start.await();
                    for (int i = 0; i < samplesPerWriter; i += 100) {
                        Appender appender = store().appender();
                        for (int j = i; j < i + 100; j++) {
                            appender.append(labels, t(j), j);
                        }
                        appender.commit();
                    }
                    return null;
                }));
            }
            futures.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < 200; i++) {
                    // Every snapshot must be a prefix of each writer's sequence: committed batches are atomic.
                    select(Matcher.equal("__name__", "load")).values().forEach(samples -> {
                        assertThat(samples.size() % 100).isZero();
                        for (int j = 0; j < samples.size(); j++) {
                            assertThat(samples.get(j)).isEqualTo(sample(j, j));
                        }
                    });
                }
                return null;
            }));
            start.countDown();
            for (Future<?> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }

        var all = select(Matcher.equal("__name__", "load"));
        assertThat(all).hasSize(writers);
        all.values().forEach(samples -> assertThat(samples).hasSize(samplesPerWriter));
    }
}
