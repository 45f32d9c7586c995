package io.amphora.promql.engine;

import io.amphora.model.StaleMarker;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

/**
 * Prometheus's {@code HistogramStatsIterator}: for selectors whose histograms only feed {@code histogram_count},
 * {@code histogram_sum} or {@code histogram_avg}, histograms are returned with their schema, count and sum only, and
 * a histogram whose counter reset hint is unknown gets one by comparing it with the histogram read before it (reset
 * or not reset; unknown for the first one, and again after a seek that skips ahead). Prometheus treats this as an
 * optimisation, but the hints it creates are visible: summing them can report conflicting counter resets, so the
 * engine reproduces it. Wraps one iterator at a time; not thread-safe.
 */
final class HistogramStatsIterator implements SampleIterator {
    private static final double[] NO_VALUES = new double[0];
    private static final io.amphora.model.histogram.Span[] NO_SPANS = new io.amphora.model.histogram.Span[0];

    private SampleIterator inner;
    private boolean started;
    private ValueType current = ValueType.NONE;
    /** The previous full histogram read, with the hint it was given; null when there is none to compare with. */
    private FloatHistogram last;
    private boolean lastIsCurrent;

    HistogramStatsIterator reset(SampleIterator it) {
        this.inner = it;
        this.started = false;
        this.current = ValueType.NONE;
        this.last = null;
        this.lastIsCurrent = false;
        return this;
    }

    SampleIterator inner() {
        return inner;
    }

    @Override
    public ValueType next() {
        lastIsCurrent = false;
        started = true;
        current = convert(inner.next());
        return current;
    }

    @Override
    public ValueType seek(long t) {
        if (!started || current == ValueType.NONE || t > inner.atT()) {
            last = null;
            lastIsCurrent = false;
        }
        started = true;
        current = convert(inner.seek(t));
        return current;
    }

    private static ValueType convert(ValueType type) {
        return type == ValueType.HISTOGRAM ? ValueType.FLOAT_HISTOGRAM : type;
    }

    @Override
    public long atT() {
        return inner.atT();
    }

    @Override
    public long atStartTimestamp() {
        return inner.atStartTimestamp();
    }

    @Override
    public double atValue() {
        return inner.atValue();
    }

    @Override
    public Histogram atHistogram() {
        throw new IllegalStateException("a histogram statistics iterator only returns float histograms");
    }

    @Override
    public FloatHistogram atFloatHistogram() {
        if (lastIsCurrent) {
            return strip(last, last.counterResetHint());
        }
        FloatHistogram h = inner.atFloatHistogram();
        if (StaleMarker.is(h.sum())) {
            return strip(h, h.counterResetHint());
        }
        CounterResetHint hint = h.counterResetHint();
        if (hint == CounterResetHint.UNKNOWN && last != null) {
            hint = h.detectReset(last) ? CounterResetHint.COUNTER_RESET : CounterResetHint.NOT_COUNTER_RESET;
        }
        last = h.counterResetHint() == hint ? h : h.withCounterResetHint(hint);
        lastIsCurrent = true;
        return strip(h, hint);
    }

    private static FloatHistogram strip(FloatHistogram h, CounterResetHint hint) {
        return new FloatHistogram(hint, h.schema(), 0, 0, h.count(), h.sum(), NO_SPANS, NO_VALUES, NO_SPANS,
                NO_VALUES, NO_VALUES);
    }
}
