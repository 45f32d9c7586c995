package io.amphora.tsdb.head;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.ValueType;

import java.util.List;

/** Iterates non-overlapping, time-ordered iterators one after the other (the common case: a series' chunks). */
final class ConcatSampleIterator implements SampleIterator {
    private final List<SampleIterator> parts;
    private int current;
    private SampleIterator it;

    ConcatSampleIterator(List<SampleIterator> parts) {
        this.parts = parts;
        this.it = parts.getFirst();
    }

    @Override
    public ValueType next() {
        while (true) {
            ValueType type = it.next();
            if (type != ValueType.NONE || current + 1 >= parts.size()) {
                return type;
            }
            it = parts.get(++current);
        }
    }

    @Override
    public ValueType seek(long t) {
        while (true) {
            ValueType type = it.seek(t);
            if (type != ValueType.NONE || current + 1 >= parts.size()) {
                return type;
            }
            it = parts.get(++current);
        }
    }

    @Override
    public long atT() {
        return it.atT();
    }

    @Override
    public long atStartTimestamp() {
        return it.atStartTimestamp();
    }

    @Override
    public double atValue() {
        return it.atValue();
    }

    @Override
    public Histogram atHistogram() {
        return it.atHistogram();
    }

    @Override
    public FloatHistogram atFloatHistogram() {
        return it.atFloatHistogram();
    }
}
