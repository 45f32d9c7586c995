package io.amphora.storage;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

/**
 * A pull iterator over one series' samples in increasing timestamp order, without boxing.
 *
 * <p>Contract (Prometheus {@code chunkenc.Iterator}): a new iterator is positioned before the first sample.
 * {@link #next()} advances by one; {@link #seek(long)} advances to the first sample with timestamp {@code >= t}
 * and never moves backwards (if the current sample already qualifies it stays). Both return {@link ValueType#NONE}
 * once exhausted, after which every call returns {@code NONE}. {@link #atT()} is valid after any call that
 * returned a sample type; {@link #atValue()} only after {@code FLOAT}; {@link #atHistogram()} only after
 * {@code HISTOGRAM}; {@link #atFloatHistogram()} after {@code HISTOGRAM} (converted) or {@code FLOAT_HISTOGRAM}.
 * {@link #atStartTimestamp()} is valid whenever {@code atT} is.
 * Histograms are immutable, so callers may keep them. Calling an accessor in the wrong state throws
 * {@link IllegalStateException}. Not thread-safe. Errors (e.g. a chunk failing its checksum) surface
 * as {@link io.amphora.model.AmphoraException} thrown from {@code next}/{@code seek}.
 */
public interface SampleIterator {
    ValueType next();

    ValueType seek(long t);

    long atT();

    /**
     * The start ("created") timestamp in milliseconds of the current sample: when the counter or the delta period it
     * belongs to began (Prometheus {@code chunkenc.Iterator.AtST}). 0 means unknown, which is what storage that does
     * not keep start timestamps always returns; callers must not treat 0 as the epoch. Valid whenever
     * {@link #atT()} is.
     */
    long atStartTimestamp();

    double atValue();

    Histogram atHistogram();

    FloatHistogram atFloatHistogram();

    SampleIterator EMPTY = new SampleIterator() {
        @Override
        public ValueType next() {
            return ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
            return ValueType.NONE;
        }

        @Override
        public long atT() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public long atStartTimestamp() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public double atValue() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public Histogram atHistogram() {
            throw new IllegalStateException("empty iterator");
        }

        @Override
        public FloatHistogram atFloatHistogram() {
            throw new IllegalStateException("empty iterator");
        }
    };
}
