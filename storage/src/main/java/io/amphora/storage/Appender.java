package io.amphora.storage;

import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.Histogram;

import io.amphora.model.Labels;

/**
 * Batches samples and makes them visible and durable on {@link #commit()} (Prometheus {@code storage.Appender}).
 *
 * <p>{@link #append} throws {@link io.amphora.model.AmphoraException} for a sample the store refuses (its
 * {@link io.amphora.model.ErrorCode} says why: out of order, duplicate, out of bounds); the rest of the batch is
 * unaffected, so callers record the failure and go on. After {@code commit} or {@code rollback} the appender
 * must not be used again.
 */
public interface Appender {
    void append(Labels labels, long timestamp, double value);

    /** Appends an integer native histogram sample; refusals as for {@link #append}. */
    void appendHistogram(Labels labels, long timestamp, Histogram histogram);

    /** Appends a float native histogram sample; refusals as for {@link #append}. */
    void appendFloatHistogram(Labels labels, long timestamp, FloatHistogram histogram);

    /** Stores the accepted samples; when it returns normally they are durable as the store promises. */
    void commit();

    /** Discards samples not yet committed, where the store can; otherwise equivalent to commit. */
    void rollback();
}
