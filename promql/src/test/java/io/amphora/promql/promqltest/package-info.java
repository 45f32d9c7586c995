/**
 * Reads Prometheus's PromQL conformance files ({@code promqltest} {@code .test} files, described in
 * {@code shared/conformance/promql/SOURCE.md}) as data: the front half of the conformance runner.
 *
 * <p>{@link io.amphora.promql.promqltest.TestScripts#load} reads every {@code *.test} file of a directory in place;
 * each {@link io.amphora.promql.promqltest.TestScript} is its list of
 * {@link io.amphora.promql.promqltest.TestCommand}s — {@link io.amphora.promql.promqltest.Load},
 * {@link io.amphora.promql.promqltest.Clear} and {@link io.amphora.promql.promqltest.Eval} — each with its file and
 * line. Load blocks and expected results are expanded into concrete value sequences
 * ({@link io.amphora.promql.promqltest.SeriesDescription}, {@link io.amphora.promql.promqltest.Sample}); native
 * histograms stay in their notation's fields ({@link io.amphora.promql.promqltest.HistogramDescription}) for the
 * engine to convert. PromQL expressions are kept as text; nothing here depends on the parser.
 *
 * <p>Malformed input fails with a {@link io.amphora.promql.promqltest.TestScriptFormatException} whose message starts
 * with {@code file:line:} (and the column, where known).
 */
package io.amphora.promql.promqltest;
