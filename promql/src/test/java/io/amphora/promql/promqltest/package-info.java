/**
 * Prometheus's PromQL conformance files ({@code promqltest} {@code .test} files, described in
 * {@code shared/conformance/promql/SOURCE.md}) read as data and run against a query target, as the upstream harness
 * runs them.
 *
 * <p>Reading: {@link io.amphora.promql.promqltest.TestScripts#load} reads every {@code *.test} file of a directory in
 * place; each {@link io.amphora.promql.promqltest.TestScript} is its list of
 * {@link io.amphora.promql.promqltest.TestCommand}s — {@link io.amphora.promql.promqltest.Load},
 * {@link io.amphora.promql.promqltest.Clear} and {@link io.amphora.promql.promqltest.Eval} — each with its file and
 * line. Load blocks and expected results are expanded into concrete value sequences
 * ({@link io.amphora.promql.promqltest.SeriesDescription}, {@link io.amphora.promql.promqltest.Sample}); native
 * histograms stay in their notation's fields ({@link io.amphora.promql.promqltest.HistogramDescription}). PromQL
 * expressions are kept as text. Malformed input fails with a
 * {@link io.amphora.promql.promqltest.TestScriptFormatException} whose message starts with {@code file:line:} (and
 * the column, where known).
 *
 * <p>Running: {@link io.amphora.promql.promqltest.PromqlTestScriptRunner} executes a script against a
 * {@link io.amphora.promql.promqltest.QueryTarget} ({@link io.amphora.promql.promqltest.EngineQueryTarget} is the
 * engine over in-memory storage), with the harness's comparison rules and its extra checks on instant evals (the
 * {@code @} step-invariance and range-mode re-runs), and gives every eval an
 * {@link io.amphora.promql.promqltest.EvalOutcome} with a readable diff when it fails.
 * {@link io.amphora.promql.promqltest.ConformanceReport} judges a run against the one
 * {@link io.amphora.promql.promqltest.KnownGaps} list.
 */
package io.amphora.promql.promqltest;
