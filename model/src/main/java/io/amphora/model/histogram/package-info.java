/**
 * Native histograms and their arithmetic, with Prometheus 3 semantics.
 *
 * <p>{@link io.amphora.model.histogram.Histogram} (integer, delta-encoded, as remote write and TSDB chunks carry it)
 * and {@link io.amphora.model.histogram.FloatHistogram} (absolute float counts, what PromQL computes with) are
 * immutable. {@link io.amphora.model.histogram.HistogramValidation} reports invalid histograms with Prometheus's
 * messages. {@code FloatHistogram} adds, subtracts, scales, compacts, changes resolution, trims and detects counter
 * resets; {@link io.amphora.model.histogram.HistogramKahanSum} and {@link io.amphora.model.histogram.HistogramMean}
 * are the reusable compensated accumulators behind {@code sum}, {@code avg}, {@code sum_over_time} and
 * {@code avg_over_time}; {@link io.amphora.model.histogram.HistogramStatistics} computes the {@code histogram_*}
 * functions; {@link io.amphora.model.histogram.BucketCursor} walks buckets without allocating.
 *
 * <p>Results agree with Prometheus bit for bit where Prometheus's order of floating-point operations is reproduced
 * (all of the above except exponential interpolation, which uses Java's {@code pow} and {@code log} for Go's
 * {@code Exp2} and {@code Log2} and may differ in the last bit), and span layouts are the ones Prometheus produces,
 * since sample statistics and chunk encoding depend on them.
 */
package io.amphora.model.histogram;
