package io.amphora.querier;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.FailedSeriesSet;
import io.amphora.storage.Queryable;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.SelectHints;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;

import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Enforces a query's {@link QueryLimits} on the queryable it decorates, through the query's {@link QueryLimiter}:
 *
 * <ul>
 *   <li>max query length: a select whose range ({@code hints.end - hints.start}, or the querier's range without
 *       hints) is longer fails before reaching the source. The range includes lookback and range-vector windows,
 *       as Cortex's querier measures it. Label names and values are not limited by length.</li>
 *   <li>max series: every series a select yields is counted by labels; the one over the limit ends the set with
 *       the error instead.</li>
 *   <li>max samples: every sample an iterator moves onto is counted; the one over the limit makes {@code next}/
 *       {@code seek} throw. Iterators are only wrapped when a sample limit applies.</li>
 * </ul>
 *
 * The chunk limit is counted where chunks are seen, in {@link IngesterQueryable}, through the same limiter. Errors
 * are {@link QueryLimitExceededException}s. Thread-safe as its delegate is.
 */
public final class LimitingQueryable implements Queryable {
    private final Queryable delegate;
    private final QueryLimiter limiter;

    public LimitingQueryable(Queryable delegate, QueryLimiter limiter) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.limiter = requireNonNull(limiter, "limiter is null");
    }

    @Override
    public io.amphora.storage.Querier querier(long mint, long maxt) {
        return new LimitingQuerier(delegate.querier(mint, maxt), mint, maxt);
    }

    private final class LimitingQuerier implements io.amphora.storage.Querier {
        private final io.amphora.storage.Querier delegate;
        private final long mint;
        private final long maxt;

        LimitingQuerier(io.amphora.storage.Querier delegate, long mint, long maxt) {
            this.delegate = requireNonNull(delegate, "delegate returned a null querier");
            this.mint = mint;
            this.maxt = maxt;
        }

        @Override
        public SeriesSet select(boolean sortSeries, SelectHints hints, Matcher... matchers) {
            Duration maxLength = limiter.limits().maxQueryLength();
            if (!maxLength.isZero()) {
                long length = hints == null ? maxt - mint : hints.end() - hints.start();
                if (length > maxLength.toMillis()) {
                    return new FailedSeriesSet(QueryLimitExceededException.queryTooLong(Duration.ofMillis(length), maxLength));
                }
            }
            return new LimitingSeriesSet(delegate.select(sortSeries, hints, matchers));
        }

        @Override
        public List<String> labelValues(String name, Matcher... matchers) {
            return delegate.labelValues(name, matchers);
        }

        @Override
        public List<String> labelNames(Matcher... matchers) {
            return delegate.labelNames(matchers);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private final class LimitingSeriesSet implements SeriesSet {
        private final SeriesSet delegate;
        private final boolean countSamples = limiter.limits().maxFetchedSamples() > 0;
        private Series current;
        private RuntimeException error;

        LimitingSeriesSet(SeriesSet delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean next() {
            if (error != null || !delegate.next()) {
                current = null;
                return false;
            }
            Series series = delegate.at();
            try {
                limiter.addSeries(series.labels());
            } catch (QueryLimitExceededException e) {
                error = e;
                current = null;
                return false;
            }
            current = countSamples ? new CountingSeries(series) : series;
            return true;
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
            return error != null ? error : delegate.err();
        }

        @Override
        public List<String> warnings() {
            return delegate.warnings();
        }
    }

    private final class CountingSeries implements Series {
        private final Series delegate;

        CountingSeries(Series delegate) {
            this.delegate = delegate;
        }

        @Override
        public Labels labels() {
            return delegate.labels();
        }

        @Override
        public SampleIterator iterator(SampleIterator reuse) {
            if (reuse instanceof CountingIterator counting) {
                return counting.reset(delegate.iterator(counting.delegate));
            }
            return new CountingIterator(delegate.iterator(null));
        }
    }

    /** Counts each sample once: on {@code next}, and on a {@code seek} that moves to a new sample. */
    private final class CountingIterator implements SampleIterator {
        private SampleIterator delegate;
        private long lastCounted;
        private boolean counted;

        CountingIterator(SampleIterator delegate) {
            reset(delegate);
        }

        CountingIterator reset(SampleIterator newDelegate) {
            this.delegate = requireNonNull(newDelegate, "series returned a null iterator");
            this.counted = false;
            return this;
        }

        @Override
        public ValueType next() {
            ValueType type = delegate.next();
            if (type != ValueType.NONE) {
                count();
            }
            return type;
        }

        @Override
        public ValueType seek(long t) {
            ValueType type = delegate.seek(t);
            if (type != ValueType.NONE && (!counted || delegate.atT() != lastCounted)) {
                count();
            }
            return type;
        }

        private void count() {
            lastCounted = delegate.atT();
            counted = true;
            limiter.addSamples(1);
        }

        @Override
        public long atT() {
            return delegate.atT();
        }

        @Override
        public long atStartTimestamp() {
            return delegate.atStartTimestamp();
        }

        @Override
        public double atValue() {
            return delegate.atValue();
        }

        @Override
        public Histogram atHistogram() {
            return delegate.atHistogram();
        }

        @Override
        public FloatHistogram atFloatHistogram() {
            return delegate.atFloatHistogram();
        }
    }
}
