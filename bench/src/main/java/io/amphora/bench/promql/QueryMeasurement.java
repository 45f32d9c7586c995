package io.amphora.bench.promql;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One query's figures on one dataset, from both engines.
 *
 * @param query the query
 * @param prometheusExecMillis Prometheus's {@code execTotalTime} of each timed run, in ms
 * @param prometheusEvalMillis Prometheus's {@code evalTotalTime} of each timed run, in ms
 * @param amphoraMillis the wall time of each timed {@code QueryEngine.rangeQuery} call, in ms
 * @param prometheusFailure why Prometheus could not run the query, if it could not
 * @param amphoraFailure why Amphora's engine could not run the query, if it could not
 * @param check the comparison of the two results; empty unless both engines answered
 * @param prometheusSamples Prometheus's {@code totalQueryableSamples}, or -1
 * @param amphoraSamples Amphora's {@code QueryStats.totalSamples}, or -1
 */
public record QueryMeasurement(
        BenchmarkQuery query,
        List<Double> prometheusExecMillis,
        List<Double> prometheusEvalMillis,
        List<Double> amphoraMillis,
        Optional<String> prometheusFailure,
        Optional<String> amphoraFailure,
        Optional<ResultComparison.Outcome> check,
        long prometheusSamples,
        long amphoraSamples) {
    public QueryMeasurement {
        requireNonNull(query, "query is null");
        prometheusExecMillis = List.copyOf(requireNonNull(prometheusExecMillis, "prometheusExecMillis is null"));
        prometheusEvalMillis = List.copyOf(requireNonNull(prometheusEvalMillis, "prometheusEvalMillis is null"));
        amphoraMillis = List.copyOf(requireNonNull(amphoraMillis, "amphoraMillis is null"));
        requireNonNull(prometheusFailure, "prometheusFailure is null");
        requireNonNull(amphoraFailure, "amphoraFailure is null");
        requireNonNull(check, "check is null");
    }

    /** The median of Prometheus's {@code execTotalTime}, or NaN without timed runs. */
    public double prometheusMedianMillis() {
        return median(prometheusExecMillis);
    }

    public double prometheusEvalMedianMillis() {
        return median(prometheusEvalMillis);
    }

    public double amphoraMedianMillis() {
        return median(amphoraMillis);
    }

    /** Amphora's median over Prometheus's: below 1 means Amphora was faster. NaN when either is missing. */
    public double ratio() {
        return amphoraMedianMillis() / prometheusMedianMillis();
    }

    /** Both engines ran the query and their results agree. */
    public boolean complete() {
        return prometheusFailure.isEmpty() && amphoraFailure.isEmpty()
                && check.map(ResultComparison.Outcome::matches).orElse(false);
    }

    /** The middle value, or the mean of the two middle values; NaN for no values. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One line for scripts: {@code RESULT dataset=.. query=.. prometheus_ms=.. amphora_ms=.. ratio=.. check=..}. */
    public String resultLine(String dataset) {
        String check = prometheusFailure.isPresent() ? "prometheus-failed"
                : amphoraFailure.isPresent() ? "amphora-failed"
                : this.check.map(o -> o.matches() ? "ok" : "different").orElse("none");
        return String.format(Locale.ROOT, "RESULT dataset=%s query=%s prometheus_ms=%s prometheus_eval_ms=%s "
                        + "amphora_ms=%s ratio=%s check=%s prometheus_samples=%d amphora_samples=%d runs=%s",
                dataset, query.displayName(), number(prometheusMedianMillis(), "%.3f"),
                number(prometheusEvalMedianMillis(), "%.3f"), number(amphoraMedianMillis(), "%.3f"),
                number(ratio(), "%.3f"), check, prometheusSamples, amphoraSamples,
                Math.max(prometheusExecMillis.size(), amphoraMillis.size()));
    }

    static String number(double value, String format) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    @Override
    public String toString() {
        return query.displayName() + " prometheus=" + Arrays.toString(prometheusExecMillis.toArray())
                + " amphora=" + Arrays.toString(amphoraMillis.toArray());
    }
}
