package io.amphora.tsdb.head;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

/** Restricts an iterator to samples with {@code mint <= t <= maxt}. */
final class RangeSampleIterator implements SampleIterator {
    private final SampleIterator delegate;
    private final long mint;
    private final long maxt;
    private boolean started;
    private boolean done;

    RangeSampleIterator(SampleIterator delegate, long mint, long maxt) {
        this.delegate = delegate;
        this.mint = mint;
        this.maxt = maxt;
    }

    @Override
    public ValueType next() {
        if (done) {
            return ValueType.NONE;
        }
        ValueType type = started ? delegate.next() : delegate.seek(mint);
        started = true;
        return check(type);
    }

    @Override
    public ValueType seek(long t) {
        if (done) {
            return ValueType.NONE;
        }
        started = true;
        return check(delegate.seek(Math.max(t, mint)));
    }

    private ValueType check(ValueType type) {
        if (type == ValueType.NONE || delegate.atT() > maxt) {
            done = true;
            return ValueType.NONE;
        }
        return type;
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
