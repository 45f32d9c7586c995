package io.amphora.storage;

/**
 * A pull iterator over one series' samples in increasing timestamp order, without boxing.
 *
 * <p>Contract (Prometheus {@code chunkenc.Iterator}): a new iterator is positioned before the first sample.
 * {@link #next()} advances by one; {@link #seek(long)} advances to the first sample with timestamp {@code >= t}
 * and never moves backwards (if the current sample already qualifies it stays). Both return {@link ValueType#NONE}
 * once exhausted, after which every call returns {@code NONE}. {@link #atT()} and {@link #atValue()} are valid
 * only after a call returned {@code FLOAT}. Not thread-safe. Errors (e.g. a chunk failing its checksum) surface
 * as {@link io.amphora.model.AmphoraException} thrown from {@code next}/{@code seek}.
 */
public interface SampleIterator {
    ValueType next();

    ValueType seek(long t);

    long atT();

    double atValue();

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
        public double atValue() {
            throw new IllegalStateException("empty iterator");
        }
    };
}
