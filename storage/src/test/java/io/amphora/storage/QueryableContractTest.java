package io.amphora.storage;

import io.amphora.model.AmphoraException;
import io.amphora.model.ErrorCode;
import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The behaviour every store that is both {@link Queryable} and {@link Appendable} must have (in the style of
 * Trino's {@code BaseConnectorTest}): an implementation's test extends this class and supplies a fresh store.
 *
 * <p>It covers selection by each matcher type (an absent label matches as {@code ""}), time ranges with inclusive
 * bounds, sorted output, label names and values, {@link SampleIterator} seek semantics, bit-exact values, and the
 * write path: start timestamps kept or reported as unknown, out-of-order and duplicate samples refused with their
 * {@link ErrorCode} while the rest of the batch is kept, visibility on commit, and rollback. All timestamps are
 * offsets from {@link #baseTimestamp()}, so a store that refuses samples far from "now" can move them. The store is
 * assumed to have no out-of-order window.
 */
public abstract class QueryableContractTest<S extends Queryable & Appendable> {
    /** Samples are placed within ±1 hour of {@link #baseTimestamp()}; queries cover that whole range. */
    private static final long RANGE = 3_600_000L;
    /** A NaN with Prometheus's stale-marker payload, which must not be confused with a plain NaN. */
    private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final Labels UP_API = Labels.of("__name__", "up", "job", "api", "zone", "eu");
    private static final Labels UP_WEB = Labels.of("__name__", "up", "job", "web", "zone", "us");
    private static final Labels UP_DB = Labels.of("__name__", "up", "job", "db");
    private static final Labels REQUESTS = Labels.of("__name__", "http_requests_total", "job", "api", "code", "200");

    private S store;

    /** A new, empty store; called before every test. */
    protected abstract S createQueryable() throws Exception;

    /** Releases a store made by {@link #createQueryable()}; closes it by default when it is {@link AutoCloseable}. */
    protected void closeQueryable(S store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The timestamp test samples are placed around; override for a store that only takes recent samples. */
    protected long baseTimestamp() {
        return 1_700_000_000_000L;
    }

    /** The store under test, for tests added by subclasses. */
    protected final S store() {
        return store;
    }

    @BeforeEach
    final void createStore() throws Exception {
        store = createQueryable();
    }

    @AfterEach
    final void closeStore() throws Exception {
        if (store != null) {
            closeQueryable(store);
        }
    }

    @Test
    void selectsSeriesMatchingAnEqualityMatcher() {
        appendStandardSeries();

        assertThat(select(Matcher.equal("job", "api")).keySet()).containsExactly(REQUESTS, UP_API);
    }

    @Test
    void selectsSeriesNotEqualToAValueIncludingThoseWithoutTheLabel() {
        appendStandardSeries();

        assertThat(select(Matcher.equal("__name__", "up"), Matcher.notEqual("zone", "eu")).keySet())
                .containsExactly(UP_DB, UP_WEB);
    }

    @Test
    void selectsSeriesByAFullyAnchoredRegex() {
        appendStandardSeries();

        assertThat(select(Matcher.regex("job", "api|we.*")).keySet()).containsExactly(REQUESTS, UP_API, UP_WEB);
        assertThat(select(Matcher.regex("job", "ap")).keySet()).isEmpty();
        assertThat(select(Matcher.regex("job", "pi")).keySet()).isEmpty();
    }

    @Test
    void selectsSeriesNotMatchingARegexIncludingThoseWithoutTheLabel() {
        appendStandardSeries();

        assertThat(select(Matcher.equal("__name__", "up"), Matcher.notRegex("zone", "e.*")).keySet())
                .containsExactly(UP_DB, UP_WEB);
    }

    @Test
    void combinesMatchersAsAConjunction() {
        appendStandardSeries();

        assertThat(select(Matcher.regex("__name__", ".+"), Matcher.equal("job", "api"),
                Matcher.notEqual("code", "500")).keySet()).containsExactly(REQUESTS, UP_API);
        assertThat(select(Matcher.equal("job", "api"), Matcher.equal("job", "web")).keySet()).isEmpty();
    }

    @Test
    void matchersForTheEmptyValueSelectSeriesWithoutTheLabel() {
        appendStandardSeries();
        Matcher up = Matcher.equal("__name__", "up");

        assertThat(select(up, Matcher.equal("zone", "")).keySet()).containsExactly(UP_DB);
        assertThat(select(up, Matcher.regex("zone", "")).keySet()).containsExactly(UP_DB);
        assertThat(select(up, Matcher.regex("zone", "eu|")).keySet()).containsExactly(UP_API, UP_DB);
        assertThat(select(up, Matcher.notRegex("zone", ".+")).keySet()).containsExactly(UP_DB);
    }

    @Test
    void matchersForNonEmptyValuesNeverSelectSeriesWithoutTheLabel() {
        appendStandardSeries();
        Matcher up = Matcher.equal("__name__", "up");

        assertThat(select(up, Matcher.notEqual("zone", "")).keySet()).containsExactly(UP_API, UP_WEB);
        assertThat(select(up, Matcher.regex("zone", ".+")).keySet()).containsExactly(UP_API, UP_WEB);
        assertThat(select(up, Matcher.regex("zone", ".*")).keySet()).containsExactly(UP_API, UP_DB, UP_WEB);
    }

    @Test
    void aMatcherOnALabelNoSeriesHasSelectsEverySeriesWhenItMatchesEmpty() {
        appendStandardSeries();
        Matcher up = Matcher.equal("__name__", "up");

        assertThat(select(up, Matcher.equal("cluster", "")).keySet()).containsExactly(UP_API, UP_DB, UP_WEB);
        assertThat(select(up, Matcher.notEqual("cluster", "a")).keySet()).containsExactly(UP_API, UP_DB, UP_WEB);
        assertThat(select(up, Matcher.equal("cluster", "a")).keySet()).isEmpty();
        assertThat(select(up, Matcher.regex("cluster", ".+")).keySet()).isEmpty();
    }

    @Test
    void returnsAnEmptySetWithoutErrorWhenNothingMatches() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            SeriesSet set = querier.select(true, SelectHints.range(t(-RANGE), t(RANGE)), Matcher.equal("job", "none"));

            assertThat(set.next()).isFalse();
            assertThat(set.err()).isNull();
            assertThat(set.warnings()).isEmpty();
        }
    }

    @Test
    void returnsSeriesSortedByLabels() {
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            labels.add(Labels.of("__name__", i % 2 == 0 ? "a" : "b", "instance", "host-" + i, "job", "j" + (i % 7)));
        }
        Collections.shuffle(labels, new Random(3));
        Appender appender = store.appender();
        for (Labels series : labels) {
            appender.append(series, t(0), 1);
        }
        appender.commit();

        List<Labels> selected = new ArrayList<>(select(Matcher.regex("__name__", "a|b")).keySet());

        assertThat(selected).hasSize(50).isSortedAccordingTo(Labels::compareTo);
    }

    @Test
    void returnsTheSameSeriesWhenSortingIsNotRequested() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            Map<Labels, List<Sample>> unsorted = read(querier.select(false, SelectHints.range(t(-RANGE), t(RANGE)),
                    Matcher.equal("__name__", "up")));

            assertThat(unsorted.keySet()).containsExactlyInAnyOrder(UP_API, UP_WEB, UP_DB);
        }
    }

    @Test
    void restrictsSamplesToTheHintsRangeWithInclusiveBounds() {
        appendSamples(UP_API, 0, 1, 10, 2, 20, 3, 30, 4, 40, 5);

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            Map<Labels, List<Sample>> result = read(querier.select(true, SelectHints.range(t(10), t(30)),
                    Matcher.equal("job", "api")));

            assertThat(result.get(UP_API)).containsExactly(sample(10, 2), sample(20, 3), sample(30, 4));
        }
    }

    @Test
    void restrictsSamplesToTheQuerierRange() {
        appendSamples(UP_API, 0, 1, 10, 2, 20, 3, 30, 4);

        try (Querier querier = store.querier(t(10), t(20))) {
            Map<Labels, List<Sample>> result = read(querier.select(true, SelectHints.range(t(10), t(20)),
                    Matcher.equal("job", "api")));

            assertThat(result.get(UP_API)).containsExactly(sample(10, 2), sample(20, 3));
        }
    }

    @Test
    void omitsSeriesWithoutSamplesInTheRange() {
        appendSamples(UP_API, 0, 1, 10, 2);
        appendSamples(UP_WEB, 100, 1);

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            Map<Labels, List<Sample>> result = read(querier.select(true, SelectHints.range(t(50), t(200)),
                    Matcher.equal("__name__", "up")));

            assertThat(result.keySet()).containsExactly(UP_WEB);
        }
    }

    @Test
    void keepsValuesBitForBit() {
        double[] values = {0.0, -0.0, 1.5, -7e300, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN, STALE_NAN, Double.longBitsToDouble(0x7ff8000000000123L)};
        Appender appender = store.appender();
        for (int i = 0; i < values.length; i++) {
            appender.append(UP_API, t(i * 1000L), values[i]);
        }
        appender.commit();

        List<Sample> read = select(Matcher.equal("job", "api")).get(UP_API);

        assertThat(read).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(read.get(i).t()).isEqualTo(t(i * 1000L));
            assertThat(Double.doubleToRawLongBits(read.get(i).v()))
                    .as("bits of value %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void readsManySamplesBackInOrder() {
        Appender appender = store.appender();
        for (int i = 0; i < 2_000; i++) {
            appender.append(UP_API, t(i * 15L), i);
        }
        appender.commit();

        List<Sample> read = select(Matcher.equal("job", "api")).get(UP_API);

        assertThat(read).hasSize(2_000);
        for (int i = 0; i < 2_000; i++) {
            assertThat(read.get(i)).isEqualTo(sample(i * 15L, i));
        }
    }

    @Test
    void seriesStayIterableAfterTheSetMovesOn() {
        appendSamples(UP_API, 0, 1, 10, 2);
        appendSamples(UP_WEB, 0, 3);

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            SeriesSet set = querier.select(true, SelectHints.range(t(-RANGE), t(RANGE)),
                    Matcher.equal("__name__", "up"));
            List<Series> all = new ArrayList<>();
            while (set.next()) {
                all.add(set.at());
            }

            assertThat(all).hasSize(2);
            assertThat(samples(all.get(0).iterator(null))).containsExactly(sample(0, 1), sample(10, 2));
            assertThat(samples(all.get(1).iterator(null))).containsExactly(sample(0, 3));
        }
    }

    @Test
    void labelNamesListsEveryNameSortedAndDistinct() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            assertThat(querier.labelNames()).containsExactly("__name__", "code", "job", "zone");
        }
    }

    @Test
    void labelNamesWithMatchersListsNamesOfMatchingSeriesOnly() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            assertThat(querier.labelNames(Matcher.equal("job", "db"))).containsExactly("__name__", "job");
            assertThat(querier.labelNames(Matcher.equal("__name__", "up"))).containsExactly("__name__", "job", "zone");
            assertThat(querier.labelNames(Matcher.equal("job", "none"))).isEmpty();
        }
    }

    @Test
    void labelValuesListsDistinctValuesSorted() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            assertThat(querier.labelValues("job")).containsExactly("api", "db", "web");
            assertThat(querier.labelValues("__name__")).containsExactly("http_requests_total", "up");
            assertThat(querier.labelValues("zone")).containsExactly("eu", "us");
        }
    }

    @Test
    void labelValuesWithMatchersListsValuesOfMatchingSeriesOnly() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            assertThat(querier.labelValues("job", Matcher.equal("__name__", "up"), Matcher.regex("zone", ".+")))
                    .containsExactly("api", "web");
            assertThat(querier.labelValues("zone", Matcher.equal("job", "db"))).isEmpty();
        }
    }

    @Test
    void labelValuesOfAnUnknownNameIsEmpty() {
        appendStandardSeries();

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            assertThat(querier.labelValues("cluster")).isEmpty();
        }
    }

    @Test
    void samplesAppendedWithStartTimestampsReadBackWithThemOrWithUnknownStartTimestamps() {
        Appender appender = store.appender();
        appender.appendWithStartTimestamp(UP_API, t(-5), t(0), 1);
        appender.appendWithStartTimestamp(UP_API, t(0), t(10), 2);
        appender.append(UP_API, t(20), 3);
        appender.commit();

        withIterator(UP_API, iterator -> {
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            long first = iterator.atStartTimestamp();
            // A store keeps start timestamps or reports every one as unknown (0); it never invents one.
            assertThat(first).isIn(t(-5), 0L);
            assertThat(iterator.atT()).isEqualTo(t(0));
            assertThat(iterator.atValue()).isEqualTo(1.0);
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atStartTimestamp()).isEqualTo(first == 0 ? 0 : t(0));
            assertThat(iterator.atValue()).isEqualTo(2.0);
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atStartTimestamp()).isZero();
            assertThat(iterator.atValue()).isEqualTo(3.0);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        });
    }

    @Test
    void seekMovesToTheFirstSampleAtOrAfterTheTimestamp() {
        appendSamples(UP_API, 0, 1, 10, 2, 20, 3, 30, 4);

        withIterator(UP_API, iterator -> {
            assertThat(iterator.seek(t(15))).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(20));
            assertThat(iterator.atValue()).isEqualTo(3.0);
            assertThat(iterator.seek(t(30))).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(30));
            assertThat(iterator.atValue()).isEqualTo(4.0);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        });
    }

    @Test
    void seekBeforeTheFirstSampleStartsAtTheFirstSample() {
        appendSamples(UP_API, 10, 1, 20, 2);

        withIterator(UP_API, iterator -> {
            assertThat(iterator.seek(t(-1000))).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(10));
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(20));
        });
    }

    @Test
    void seekNeverMovesBackwards() {
        appendSamples(UP_API, 0, 1, 10, 2, 20, 3);

        withIterator(UP_API, iterator -> {
            iterator.next();
            iterator.next();

            assertThat(iterator.seek(t(0))).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(10));
            assertThat(iterator.seek(t(10))).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(10));
            assertThat(iterator.atValue()).isEqualTo(2.0);
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.atT()).isEqualTo(t(20));
        });
    }

    @Test
    void seekPastTheLastSampleExhaustsTheIteratorForGood() {
        appendSamples(UP_API, 0, 1, 10, 2);

        withIterator(UP_API, iterator -> {
            assertThat(iterator.seek(t(11))).isEqualTo(ValueType.NONE);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
            assertThat(iterator.seek(t(0))).isEqualTo(ValueType.NONE);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
        });
    }

    @Test
    void anExhaustedIteratorStaysExhausted() {
        appendSamples(UP_API, 0, 1);

        withIterator(UP_API, iterator -> {
            assertThat(iterator.next()).isEqualTo(ValueType.FLOAT);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
            assertThat(iterator.next()).isEqualTo(ValueType.NONE);
            assertThat(iterator.seek(t(-1000))).isEqualTo(ValueType.NONE);
        });
    }

    @Test
    void anIteratorPassedForReuseYieldsTheNewSeriesSamples() {
        appendSamples(UP_API, 0, 1, 10, 2);
        appendSamples(UP_WEB, 5, 7);

        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            SeriesSet set = querier.select(true, SelectHints.range(t(-RANGE), t(RANGE)),
                    Matcher.equal("__name__", "up"));
            SampleIterator reused = null;
            List<List<Sample>> all = new ArrayList<>();
            while (set.next()) {
                reused = set.at().iterator(reused);
                all.add(samples(reused));
            }

            assertThat(all).containsExactly(List.of(sample(0, 1), sample(10, 2)), List.of(sample(5, 7)));
        }
    }

    @Test
    void samplesAreInvisibleUntilCommit() {
        Appender appender = store.appender();
        appender.append(UP_API, t(0), 1);

        assertThat(select(Matcher.equal("job", "api"))).isEmpty();

        appender.commit();

        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).containsExactly(sample(0, 1));
    }

    @Test
    void rollbackDiscardsTheBatchButKeepsEarlierCommits() {
        appendSamples(UP_API, 0, 1);
        Appender appender = store.appender();
        appender.append(UP_API, t(10), 2);
        appender.append(UP_WEB, t(10), 3);

        appender.rollback();

        assertThat(select(Matcher.equal("__name__", "up"))).containsOnlyKeys(UP_API);
        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).containsExactly(sample(0, 1));
    }

    @Test
    void appendsToAnExistingSeriesAcrossBatches() {
        appendSamples(UP_API, 0, 1);
        appendSamples(UP_API, 10, 2, 20, 3);

        assertThat(select(Matcher.equal("job", "api")).get(UP_API))
                .containsExactly(sample(0, 1), sample(10, 2), sample(20, 3));
    }

    @Test
    void rejectsAnOutOfOrderSampleAndKeepsTheRestOfTheBatch() {
        appendSamples(UP_API, 100, 1);
        Appender appender = store.appender();
        appender.append(UP_WEB, t(0), 5);

        AmphoraException refused = catchThrowableOfType(AmphoraException.class,
                () -> appender.append(UP_API, t(50), 2));
        appender.append(UP_API, t(200), 3);
        appender.commit();

        assertThat(refused).as("out-of-order sample refused").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER);
        assertThat(refused.getMessage()).contains("out of order sample");
        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).containsExactly(sample(100, 1), sample(200, 3));
        assertThat(select(Matcher.equal("job", "web")).get(UP_WEB)).containsExactly(sample(0, 5));
    }

    @Test
    void rejectsASampleOlderThanOneAppendedEarlierInTheSameBatch() {
        Appender appender = store.appender();
        appender.append(UP_API, t(100), 1);

        assertThatThrownBy(() -> appender.append(UP_API, t(50), 2))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_ORDER));
        appender.commit();

        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).containsExactly(sample(100, 1));
    }

    @Test
    void rejectsANewValueForAnExistingTimestampAndKeepsTheRestOfTheBatch() {
        appendSamples(UP_API, 100, 1);
        Appender appender = store.appender();

        AmphoraException refused = catchThrowableOfType(AmphoraException.class,
                () -> appender.append(UP_API, t(100), 2));
        appender.append(UP_API, t(110), 3);
        appender.commit();

        assertThat(refused).as("new value for an existing timestamp refused").isNotNull();
        assertThat(refused.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP);
        assertThat(refused.getMessage()).contains("duplicate sample for timestamp");
        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).containsExactly(sample(100, 1), sample(110, 3));
    }

    @Test
    void acceptsAnIdenticalSampleAgainAsANoOp() {
        appendSamples(UP_API, 100, 1);
        Appender appender = store.appender();
        appender.append(UP_API, t(100), 1);
        appender.append(UP_API, t(110), STALE_NAN);
        appender.append(UP_API, t(110), STALE_NAN);
        appender.commit();

        assertThat(select(Matcher.equal("job", "api")).get(UP_API)).hasSize(2);
    }

    @Test
    void comparesValuesBitwiseWhenCheckingDuplicates() {
        appendSamples(UP_API, 100, STALE_NAN);
        appendSamples(UP_WEB, 100, 0.0);
        Appender appender = store.appender();

        assertThatThrownBy(() -> appender.append(UP_API, t(100), Double.NaN))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        assertThatThrownBy(() -> appender.append(UP_WEB, t(100), -0.0))
                .isInstanceOfSatisfying(AmphoraException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.SAMPLE_DUPLICATE_TIMESTAMP));
        appender.rollback();
    }

    @Test
    void refusedSamplesAreClientErrors() {
        appendSamples(UP_API, 100, 1);
        Appender appender = store.appender();

        AmphoraException outOfOrder = catchThrowableOfType(AmphoraException.class,
                () -> appender.append(UP_API, t(0), 1));
        AmphoraException duplicate = catchThrowableOfType(AmphoraException.class,
                () -> appender.append(UP_API, t(100), 2));
        appender.rollback();

        assertThat(outOfOrder).as("out-of-order sample refused").isNotNull();
        assertThat(duplicate).as("duplicate sample refused").isNotNull();
        assertThat(outOfOrder.code().isClientError()).isTrue();
        assertThat(duplicate.code().isClientError()).isTrue();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A sample read back; values compare bit for bit, so NaN equals NaN and -0.0 differs from 0.0. */
    protected record Sample(long t, double v) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Sample other && t == other.t
                    && Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(other.v);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(t) * 31 + Long.hashCode(Double.doubleToRawLongBits(v));
        }
    }

    protected final Sample sample(long offset, double value) {
        return new Sample(t(offset), value);
    }

    /** {@link #baseTimestamp()} plus an offset in milliseconds. */
    protected final long t(long offset) {
        return baseTimestamp() + offset;
    }

    /** Appends and commits {@code offset, value} pairs to one series. */
    protected final void appendSamples(Labels labels, double... offsetsAndValues) {
        if (offsetsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("pairs of offset and value expected");
        }
        Appender appender = store.appender();
        for (int i = 0; i < offsetsAndValues.length; i += 2) {
            appender.append(labels, t((long) offsetsAndValues[i]), offsetsAndValues[i + 1]);
        }
        appender.commit();
    }

    private void appendStandardSeries() {
        appendSamples(UP_API, 0, 1);
        appendSamples(UP_WEB, 0, 1);
        appendSamples(UP_DB, 0, 0);
        appendSamples(REQUESTS, 0, 10, 15, 12);
    }

    /** Every matching series with its samples over the whole test range, in the order the store returned them. */
    protected final Map<Labels, List<Sample>> select(Matcher... matchers) {
        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            return read(querier.select(true, SelectHints.range(t(-RANGE), t(RANGE)), matchers));
        }
    }

    /** Drains a set, asserting it ends without error and that no series appears twice. */
    protected static Map<Labels, List<Sample>> read(SeriesSet set) {
        Map<Labels, List<Sample>> result = new LinkedHashMap<>();
        SampleIterator reuse = null;
        while (set.next()) {
            Series series = set.at();
            reuse = series.iterator(reuse);
            List<Sample> previous = result.put(series.labels(), samples(reuse));
            assertThat(previous).as("series %s returned twice", series.labels()).isNull();
        }
        assertThat(set.err()).as("series set error").isNull();
        return result;
    }

    protected static List<Sample> samples(SampleIterator iterator) {
        List<Sample> samples = new ArrayList<>();
        while (iterator.next() == ValueType.FLOAT) {
            samples.add(new Sample(iterator.atT(), iterator.atValue()));
        }
        return samples;
    }

    /** Runs {@code test} on the store's own iterator over one series, while its querier is open. */
    private void withIterator(Labels labels, Consumer<SampleIterator> test) {
        Matcher[] matchers = new Matcher[labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            matchers[i] = Matcher.equal(labels.name(i), labels.value(i));
        }
        try (Querier querier = store.querier(t(-RANGE), t(RANGE))) {
            SeriesSet set = querier.select(true, SelectHints.range(t(-RANGE), t(RANGE)), matchers);
            assertThat(set.next()).as("series %s selected", labels).isTrue();
            assertThat(set.at().labels()).isEqualTo(labels);
            test.accept(set.at().iterator(null));
        }
    }
}
