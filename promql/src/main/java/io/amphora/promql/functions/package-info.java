/**
 * The numeric kernels of PromQL's functions, operators and aggregations, matching Prometheus 3 (the commit in
 * {@code shared/conformance/promql/SOURCE.md}) value for value.
 *
 * <ul>
 *   <li>{@link io.amphora.promql.functions.RangeFunctions}: float range-vector functions over a window of a series
 *       read into primitive arrays ({@code rate}, {@code *_over_time}, {@code deriv}, …);</li>
 *   <li>{@link io.amphora.promql.functions.HistogramRangeFunctions}: their native-histogram variants, and
 *       {@code irate}/{@code idelta}/{@code resets}/{@code changes} over windows mixing floats and histograms;</li>
 *   <li>{@link io.amphora.promql.functions.InstantFunctions}: one value in, one value out ({@code abs},
 *       {@code round}, trigonometry, dates);</li>
 *   <li>{@link io.amphora.promql.functions.BinaryArithmetic}: binary operators on floats;</li>
 *   <li>{@link io.amphora.promql.functions.Aggregations} and {@link io.amphora.promql.functions.KahanSum}: the
 *       arithmetic of {@code sum}, {@code avg}, {@code stddev}, {@code quantile}, …;</li>
 *   <li>{@link io.amphora.promql.functions.ClassicHistograms}: {@code histogram_quantile} and
 *       {@code histogram_fraction} over {@code le} buckets.</li>
 * </ul>
 *
 * <p>Kernels know nothing of the engine: no labels, no expressions, no annotation texts. They are static,
 * allocation-free on float paths (scratch arrays and result holders come from the caller) and follow Prometheus's
 * order of floating-point operations, so sums and means agree to the last bit. Where Prometheus emits no point, a
 * kernel either documents the precondition the engine checks, or reports it through a reusable
 * {@link io.amphora.promql.functions.RangeResult}; annotation conditions are flags
 * ({@link io.amphora.promql.functions.FunctionAnnotation},
 * {@link io.amphora.promql.functions.BucketQuantileResult}) that the engine turns into Prometheus's messages.
 */
package io.amphora.promql.functions;
