package io.amphora.bench.promql;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One dashboard panel's figures from both servers.
 *
 * @param panel the panel
 * @param prometheusMillis Prometheus's round-trip time of each timed run, in run order, in ms
 * @param amphoraMillis Amphora's, likewise
 * @param prometheusFailure why Prometheus did not answer the query, if it did not
 * @param amphoraFailure why Amphora did not, if it did not
 * @param check the comparison of the two answers of the first run; empty unless both answered it
 * @param prometheusResult the size of Prometheus's answer to the first run
 * @param amphoraResult the size of Amphora's
 * @param prometheusExecMillis Prometheus's own {@code execTotalTime} of each {@code stats=true} run, in ms
 * @param amphoraExecMillis Amphora's, likewise
 */
public record PanelMeasurement(
        DashboardPanel panel,
        List<Double> prometheusMillis,
        List<Double> amphoraMillis,
        Optional<String> prometheusFailure,
        Optional<String> amphoraFailure,
        Optional<ResultComparison.Outcome> check,
        ResultSize prometheusResult,
        ResultSize amphoraResult,
        List<Double> prometheusExecMillis,
        List<Double> amphoraExecMillis) {
    /**
     * How large one answer was.
     *
     * @param series series in the result
     * @param points float points in the result, all series together
     * @param bytes the JSON body's length
     */
    public record ResultSize(int series, long points, long bytes) {
        /** The size of an answer that did not come. */
        public static final ResultSize NONE = new ResultSize(-1, -1, -1);
    }

    public PanelMeasurement {
        requireNonNull(panel, "panel is null");
        prometheusMillis = List.copyOf(requireNonNull(prometheusMillis, "prometheusMillis is null"));
        amphoraMillis = List.copyOf(requireNonNull(amphoraMillis, "amphoraMillis is null"));
        requireNonNull(prometheusFailure, "prometheusFailure is null");
        requireNonNull(amphoraFailure, "amphoraFailure is null");
        requireNonNull(check, "check is null");
        requireNonNull(prometheusResult, "prometheusResult is null");
        requireNonNull(amphoraResult, "amphoraResult is null");
        prometheusExecMillis = List.copyOf(requireNonNull(prometheusExecMillis, "prometheusExecMillis is null"));
        amphoraExecMillis = List.copyOf(requireNonNull(amphoraExecMillis, "amphoraExecMillis is null"));
    }

    public double prometheusMedianMillis() {
        return QueryMeasurement.median(prometheusMillis);
    }

    public double amphoraMedianMillis() {
        return QueryMeasurement.median(amphoraMillis);
    }

    public double prometheusExecMedianMillis() {
        return QueryMeasurement.median(prometheusExecMillis);
    }

    public double amphoraExecMedianMillis() {
        return QueryMeasurement.median(amphoraExecMillis);
    }

    /** Amphora's median over Prometheus's: below 1 means Amphora answered faster. NaN when either is missing. */
    public double ratio() {
        return amphoraMedianMillis() / prometheusMedianMillis();
    }

    /** Both servers answered every run, and their first answers agree. */
    public boolean complete() {
        return prometheusFailure.isEmpty() && amphoraFailure.isEmpty()
                && check.map(ResultComparison.Outcome::matches).orElse(false);
    }

    /** {@code ok}, {@code different}, {@code prometheus-failed} or {@code amphora-failed}. */
    public String checkWord() {
        return prometheusFailure.isPresent() ? "prometheus-failed"
                : amphoraFailure.isPresent() ? "amphora-failed"
                : check.map(c -> c.matches() ? "ok" : "different").orElse("not-compared");
    }
}
