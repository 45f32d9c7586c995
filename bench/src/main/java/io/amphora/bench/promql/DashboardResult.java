package io.amphora.bench.promql;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import static java.util.Objects.requireNonNull;

/**
 * One dataset's dashboard figures: every panel's, and the dashboard's total.
 *
 * <p>The total of a run is the sum of that run's round trips over the panels both servers answered in every run,
 * the time a dashboard takes when its panels are sent one after the other; the reported total is the median of
 * those sums, which is not the sum of the panels' medians.
 *
 * @param dataset the dataset's name
 * @param step the panels' step
 * @param points the points per series of a range query at that step
 * @param panels the panels' figures, in dashboard order
 */
public record DashboardResult(String dataset, Duration step, long points, List<PanelMeasurement> panels) {
    public DashboardResult {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(step, "step is null");
        panels = List.copyOf(requireNonNull(panels, "panels is null"));
    }

    /** The panels that count in the totals: answered by both servers in every run. */
    public List<PanelMeasurement> timedPanels() {
        return panels.stream()
                .filter(p -> p.prometheusFailure().isEmpty() && p.amphoraFailure().isEmpty())
                .filter(p -> p.prometheusMillis().size() == p.amphoraMillis().size())
                .toList();
    }

    /** Prometheus's dashboard time of each run: the sum of its round trips over {@link #timedPanels()}. */
    public List<Double> prometheusTotals() {
        return totals(true);
    }

    /** Amphora's, likewise. */
    public List<Double> amphoraTotals() {
        return totals(false);
    }

    public double prometheusTotalMillis() {
        return QueryMeasurement.median(prometheusTotals());
    }

    public double amphoraTotalMillis() {
        return QueryMeasurement.median(amphoraTotals());
    }

    /** Amphora's median dashboard time over Prometheus's; below 1 means Amphora was faster. */
    public double totalRatio() {
        return amphoraTotalMillis() / prometheusTotalMillis();
    }

    /** Every panel ran on both servers with equal answers. */
    public boolean complete() {
        return panels.stream().allMatch(PanelMeasurement::complete);
    }

    private List<Double> totals(boolean prometheus) {
        List<PanelMeasurement> timed = timedPanels();
        if (timed.isEmpty()) {
            return List.of();
        }
        int runs = timed.stream().mapToInt(p -> p.prometheusMillis().size()).min().orElseThrow();
        double[] sums = new double[runs];
        for (PanelMeasurement p : timed) {
            List<Double> millis = prometheus ? p.prometheusMillis() : p.amphoraMillis();
            for (int run = 0; run < runs; run++) {
                sums[run] += millis.get(run);
            }
        }
        return Arrays.stream(sums).boxed().toList();
    }

    /** The table of the figures, one {@code RESULT} line per panel and one for the total, and what they mean. */
    public String report(String loadAverage) {
        StringBuilder s = new StringBuilder();
        String format = "%-24s %11s %11s %6s %10s %10s %7s %10s %8s %8s  %s%n";
        s.append(String.format(Locale.ROOT, format, "dataset " + dataset, "Prom ms", "Amphora ms", "A/P",
                "P exec ms", "A exec ms", "series", "points", "P KiB", "A KiB", "answers"));
        for (PanelMeasurement p : panels) {
            String answers = p.prometheusFailure().map(f -> "Prometheus failed: " + abbreviate(f))
                    .or(() -> p.amphoraFailure().map(f -> "Amphora failed: " + abbreviate(f)))
                    .orElseGet(() -> p.check().map(ResultComparison.Outcome::summary).orElse("not compared"));
            s.append(String.format(Locale.ROOT, format, p.panel().displayName(),
                    number(p.prometheusMedianMillis(), "%.1f"), number(p.amphoraMedianMillis(), "%.1f"),
                    number(p.ratio(), "%.2f"), number(p.prometheusExecMedianMillis(), "%.1f"),
                    number(p.amphoraExecMedianMillis(), "%.1f"), count(p.prometheusResult().series()),
                    count(p.prometheusResult().points()), kib(p.prometheusResult().bytes()),
                    kib(p.amphoraResult().bytes()), answers));
        }
        int timed = timedPanels().size();
        s.append(String.format(Locale.ROOT, format, "dashboard (" + timed + " panels)",
                number(prometheusTotalMillis(), "%.1f"), number(amphoraTotalMillis(), "%.1f"),
                number(totalRatio(), "%.2f"), "", "", "", "", "", "",
                timed == panels.size() ? "" : (panels.size() - timed) + " panel(s) left out: a server failed them"));
        for (PanelMeasurement p : panels) {
            s.append(String.format(Locale.ROOT, "RESULT dataset=%s panel=%s prometheus_ms=%s amphora_ms=%s ratio=%s "
                            + "prometheus_exec_ms=%s amphora_exec_ms=%s series=%d points=%d prometheus_bytes=%d "
                            + "amphora_bytes=%d check=%s prometheus_runs=%s amphora_runs=%s%n",
                    dataset, p.panel().displayName(), number(p.prometheusMedianMillis(), "%.3f"),
                    number(p.amphoraMedianMillis(), "%.3f"), number(p.ratio(), "%.3f"),
                    number(p.prometheusExecMedianMillis(), "%.3f"), number(p.amphoraExecMedianMillis(), "%.3f"),
                    p.prometheusResult().series(), p.prometheusResult().points(), p.prometheusResult().bytes(),
                    p.amphoraResult().bytes(), p.checkWord(), runs(p.prometheusMillis()), runs(p.amphoraMillis())));
        }
        s.append(String.format(Locale.ROOT, "RESULT dataset=%s panel=dashboard_total prometheus_ms=%s amphora_ms=%s "
                        + "ratio=%s panels=%d check=%s prometheus_runs=%s amphora_runs=%s%n",
                dataset, number(prometheusTotalMillis(), "%.3f"), number(amphoraTotalMillis(), "%.3f"),
                number(totalRatio(), "%.3f"), timed, complete() ? "ok" : "incomplete", runs(prometheusTotals()),
                runs(amphoraTotals())));
        s.append(String.format(Locale.ROOT, """
                Prom ms, Amphora ms: median round trip of the timed runs, from sending the POST to the last byte of \
                the answer
                  (step %d s, %d points per series, no stats, no compression). A/P: Amphora / Prometheus, below 1: \
                Amphora faster.
                dashboard: median over the runs of the run's sum over the panels both servers answered (panels sent \
                one at a time).
                P/A exec ms: median of the server's own execTotalTime in stats=true runs (Prometheus: its engine \
                without parsing, HTTP, JSON;
                  Amphora: the querier's whole evaluation, ingester reads included, in whole ms, without HTTP and JSON).
                series, points: of Prometheus's answer; P/A KiB: the JSON bodies' sizes. answers: every point of the \
                two first answers compared.
                load average at the end: %s
                """, step.toSeconds(), points, loadAverage));
        return s.toString();
    }

    static String number(double value, String format) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    private static String count(long value) {
        return value < 0 ? "n/a" : String.format(Locale.ROOT, "%,d", value);
    }

    private static String kib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / 1024.0);
    }

    private static String runs(List<Double> millis) {
        if (millis.isEmpty()) {
            return "none";
        }
        StringJoiner joined = new StringJoiner(",");
        for (double m : millis) {
            joined.add(String.format(Locale.ROOT, "%.1f", m));
        }
        return joined.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 100 ? text : text.substring(0, 97) + "...";
    }
}
