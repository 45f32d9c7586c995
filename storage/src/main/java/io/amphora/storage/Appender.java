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
 *
 * <p>The {@code ...WithStartTimestamp} methods also carry the sample's start ("created") timestamp in milliseconds, 0
 * meaning unknown (Prometheus's {@code st}). A store keeps it where it can and reads it back through
 * {@link SampleIterator#atStartTimestamp()}; a store that does not keep start timestamps says so and appends the
 * sample as the method without the start timestamp would. Refusals are judged as for {@link #append}: the start
 * timestamp never makes a sample acceptable or unacceptable.
 */
public interface Appender {
    void append(Labels labels, long timestamp, double value);

    /** Appends an integer native histogram sample; refusals as for {@link #append}. */
    void appendHistogram(Labels labels, long timestamp, Histogram histogram);

    /** Appends a float native histogram sample; refusals as for {@link #append}. */
    void appendFloatHistogram(Labels labels, long timestamp, FloatHistogram histogram);

    /** Appends a float sample with its start timestamp (0 = unknown); see the class comment. */
    void appendWithStartTimestamp(Labels labels, long startTimestamp, long timestamp, double value);

    /** Appends an integer native histogram sample with its start timestamp (0 = unknown). */
    void appendHistogramWithStartTimestamp(Labels labels, long startTimestamp, long timestamp, Histogram histogram);

    /** Appends a float native histogram sample with its start timestamp (0 = unknown). */
    void appendFloatHistogramWithStartTimestamp(
            Labels labels, long startTimestamp, long timestamp, FloatHistogram histogram);

    /** Stores the accepted samples; when it returns normally they are durable as the store promises. */
    void commit();

    /** Discards samples not yet committed, where the store can; otherwise equivalent to commit. */
    void rollback();
}
