package io.amphora.storage;

import io.amphora.model.Labels;

/** One series: its labels and a way to iterate its samples. */
public interface Series {
    Labels labels();

    /**
     * A fresh iterator over the samples, positioned before the first one.
     *
     * @param reuse an iterator previously returned by some series of the same source, which the implementation
     *     may reset and return instead of allocating; may be null. The caller must not use {@code reuse} afterwards.
     */
    SampleIterator iterator(SampleIterator reuse);
}
