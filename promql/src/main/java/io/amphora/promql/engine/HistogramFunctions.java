package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramStatistics;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.functions.BucketQuantileResult;
import io.amphora.promql.functions.ClassicHistograms;

/**
 * The {@code histogram_*} functions over native histograms and, for {@code histogram_quantile(s)} and
 * {@code histogram_fraction}, classic histograms: {@code _bucket} series grouped once by their labels without
 * {@code le}, each bound parsed once, and the bucket arrays gathered per step.
 */
final class HistogramFunctions {
    private static final String BUCKET_LABEL = "le";

    private HistogramFunctions() {}

    /** {@code histogram_count/sum/avg/stddev/stdvar}: native histogram points only. */
    static EvalValue statistic(Evaluator ev, Plan.Call c) {
        String name = c.function().name();
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        long held = in.sampleCount();
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
            StepSeries r = new StepSeries(s.labels, true, s.steps());
            if (s.histograms != null) {
                for (int i = 0; i < s.present.length; i++) {
                    FloatHistogram h = s.histograms[i];
                    if (h == null || !s.present[i]) {
                        continue;
                    }
                    r.setFloat(i, switch (name) {
                        case "histogram_count" -> HistogramStatistics.count(h);
                        case "histogram_sum" -> HistogramStatistics.sum(h);
                        case "histogram_avg" -> HistogramStatistics.avg(h);
                        case "histogram_stddev" -> HistogramStatistics.stdDev(h);
                        default -> HistogramStatistics.stdVar(h);
                    });
                }
            }
            if (!r.isEmpty()) {
                if (!ev.query.delayedNameRemoval) {
                    r.labels = LabelSets.withoutName(r.labels);
                }
                out.add(r);
            }
        }
        return FunctionCalls.finish(ev, out, held);
    }

    /** The histograms of one vector argument, prepared once for all steps. */
    private static final class Input {
        final List<StepSeries> series;
        /** Per series: its classic group, or -1 when its {@code le} does not parse or it is not a bucket. */
        final int[] group;
        final double[] upperBound;
        final String[] badBucket;
        /** Per series: the classic group whose labels equal its own (a native histogram's conflict), or -1. */
        final int[] sameAsGroup;
        final List<Labels> groupLabels = new ArrayList<>();
        final List<int[]> groupMembers = new ArrayList<>();

        Input(List<StepSeries> series) {
            this.series = series;
            int n = series.size();
            group = new int[n];
            upperBound = new double[n];
            badBucket = new String[n];
            sameAsGroup = new int[n];
            Map<Labels, Integer> groups = new HashMap<>();
            List<List<Integer>> members = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                StepSeries s = series.get(k);
                group[k] = -1;
                boolean hasFloat = false;
                for (int i = 0; i < s.present.length && !hasFloat; i++) {
                    hasFloat = s.isFloat(i);
                }
                if (!hasFloat) {
                    continue;
                }
                String le = s.labels.get(BUCKET_LABEL);
                Double bound = GoFloats.parseFloat(le);
                if (bound == null) {
                    badBucket[k] = le;
                    continue;
                }
                upperBound[k] = bound;
                Labels key = LabelSets.without(s.labels, List.of(BUCKET_LABEL), false);
                Integer g = groups.get(key);
                if (g == null) {
                    g = groups.size();
                    groups.put(key, g);
                    groupLabels.add(key);
                    members.add(new ArrayList<>());
                }
                group[k] = g;
                members.get(g).add(k);
            }
            for (List<Integer> m : members) {
                groupMembers.add(m.stream().mapToInt(Integer::intValue).toArray());
            }
            for (int k = 0; k < n; k++) {
                Integer g = series.get(k).hasHistograms() ? groups.get(series.get(k).labels) : null;
                sameAsGroup[k] = g == null ? -1 : g;
            }
        }
    }

    /** What one step of a histogram function sees: classic groups with buckets, and natives without conflict. */
    private static final class Step {
        int[] bucketCount;
        boolean[] voided;
        double[] bounds = new double[16];
        double[] counts = new double[16];

        void prepare(Evaluator ev, Input input, int step, PositionRange position) {
            int groups = input.groupLabels.size();
            if (bucketCount == null || bucketCount.length < groups) {
                bucketCount = new int[groups];
                voided = new boolean[groups];
            }
            java.util.Arrays.fill(bucketCount, 0, groups, 0);
            java.util.Arrays.fill(voided, 0, groups, false);
            for (int k = 0; k < input.series.size(); k++) {
                StepSeries s = input.series.get(k);
                if (!s.isFloat(step)) {
                    continue;
                }
                if (input.badBucket[k] != null) {
                    ev.query.annotations.warn("bucket label \"le\" is missing or has a malformed value of "
                            + GoFloats.quote(input.badBucket[k]) + Annotations.forMetricName(metricName(ev, s)),
                            position);
                    continue;
                }
                bucketCount[input.group[k]]++;
            }
            for (int k = 0; k < input.series.size(); k++) {
                StepSeries s = input.series.get(k);
                int g = input.sameAsGroup[k];
                if (g >= 0 && s.isHistogram(step) && bucketCount[g] > 0) {
                    ev.query.annotations.warn("vector contains a mix of classic and native histograms"
                            + Annotations.forMetricName(metricName(ev, s)), position);
                    voided[g] = true;
                }
            }
        }

        boolean nativeUsable(Input input, int k, int step) {
            int g = input.sameAsGroup[k];
            return input.series.get(k).isHistogram(step) && !(g >= 0 && voided[g]);
        }

        boolean groupUsable(int g) {
            return bucketCount[g] > 0 && !voided[g];
        }

        int gather(Input input, int g, int step) {
            int[] members = input.groupMembers.get(g);
            if (bounds.length < members.length) {
                bounds = new double[members.length];
                counts = new double[members.length];
            }
            int n = 0;
            for (int k : members) {
                StepSeries s = input.series.get(k);
                if (s.isFloat(step)) {
                    bounds[n] = input.upperBound[k];
                    counts[n] = s.values[step];
                    n++;
                }
            }
            return n;
        }
    }

    /** The metric name annotations name: only known when names are removed late (Prometheus's behaviour). */
    private static String metricName(Evaluator ev, StepSeries s) {
        return ev.query.delayedNameRemoval ? s.labels.metricName() : "";
    }

    private static Labels outputLabels(Evaluator ev, Labels labels) {
        return ev.query.delayedNameRemoval ? labels : LabelSets.withoutMetadata(labels);
    }

    static EvalValue quantile(Evaluator ev, Plan.Call c) {
        double[] q = ev.evalScalar(c.args().get(0));
        return quantiles(ev, c, new double[][] {q}, null, c.args().get(0).position(), c.args().get(1));
    }

    static EvalValue quantiles(Evaluator ev, Plan.Call c) {
        String label = ((Plan.StringLiteral) c.args().get(1)).value();
        double[][] qs = new double[c.args().size() - 2][];
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        for (int j = 2; j < c.args().size(); j++) {
            qs[j - 2] = ev.evalScalar(c.args().get(j));
        }
        return quantiles(ev, c, qs, label, null, c.args().getFirst(), in);
    }

    private static EvalValue quantiles(Evaluator ev, Plan.Call c, double[][] qs, String label,
            PositionRange quantilePosition, Plan vectorArg) {
        return quantiles(ev, c, qs, label, quantilePosition, vectorArg, ev.evalVector(vectorArg));
    }

    private static EvalValue quantiles(Evaluator ev, Plan.Call c, double[][] qs, String label,
            PositionRange quantilePosition, Plan vectorArg, EvalValue.VectorValue in) {
        int steps = ev.steps();
        long held = in.sampleCount();
        Input input = new Input(in.series());
        Step step = new Step();
        BucketQuantileResult classic = new BucketQuantileResult();
        PositionRange position = vectorArg.position();
        StepErrors errors = new StepErrors();
        OutputSeries output = new OutputSeries(steps, ev.keepDuplicates(), errors);
        int[][] nativeOut = new int[qs.length][input.series.size()];
        int[][] groupOut = new int[qs.length][input.groupLabels.size()];
        for (int[] a : nativeOut) {
            java.util.Arrays.fill(a, -1);
        }
        for (int[] a : groupOut) {
            java.util.Arrays.fill(a, -1);
        }
        for (int i = 0; i < steps; i++) {
            if ((i & 63) == 0) {
                ev.query.checkpoint();
            }
            for (int j = 0; j < qs.length; j++) {
                double q = qs[j][i];
                if (Double.isNaN(q) || q < 0 || q > 1) {
                    ev.query.annotations.warn(AggregationOperators.invalidQuantile(q),
                            quantilePosition != null ? quantilePosition : c.args().get(j + 2).position());
                }
            }
            step.prepare(ev, input, i, position);
            for (int j = 0; j < qs.length; j++) {
                double q = qs[j][i];
                for (int k = 0; k < input.series.size(); k++) {
                    if (!step.nativeUsable(input, k, i)) {
                        continue;
                    }
                    StepSeries s = input.series.get(k);
                    HistogramStatistics.Estimate e = HistogramStatistics.estimateQuantile(q, s.histograms[i]);
                    String metricName = metricName(ev, s);
                    switch (e.note()) {
                        case QUANTILE_NAN_RESULT -> ev.query.annotations.info("input to histogram_quantile has NaN "
                                + "observations, result is NaN" + Annotations.forMetricName(metricName), position);
                        case QUANTILE_NAN_SKEW -> ev.query.annotations.info("input to histogram_quantile has NaN "
                                + "observations, result is skewed higher" + Annotations.forMetricName(metricName),
                                position);
                        default -> {
                        }
                    }
                    if (nativeOut[j][k] < 0) {
                        Labels l = outputLabels(ev, s.labels);
                        if (label != null) {
                            l = LabelSets.with(l, label, GoFloats.formatOpenMetrics(q));
                        }
                        nativeOut[j][k] = output.series(l, true);
                    }
                    output.putFloat(nativeOut[j][k], i, e.value());
                }
                for (int g = 0; g < input.groupLabels.size(); g++) {
                    if (!step.groupUsable(g)) {
                        continue;
                    }
                    int n = step.gather(input, g, i);
                    double value = ClassicHistograms.bucketQuantile(q, step.bounds, step.counts, n, classic);
                    if (classic.forcedMonotonicity()) {
                        String metricName = ev.query.delayedNameRemoval ? input.groupLabels.get(g).metricName() : "";
                        ev.query.annotations.forcedMonotonicity(metricName, position, ev.grid.time(i),
                                classic.minBucket(), classic.maxBucket(), classic.maxDiff());
                    }
                    if (groupOut[j][g] < 0) {
                        Labels l = outputLabels(ev, input.groupLabels.get(g));
                        if (label != null) {
                            l = LabelSets.with(l, label, GoFloats.formatOpenMetrics(q));
                        }
                        groupOut[j][g] = output.series(l, true);
                    }
                    output.putFloat(groupOut[j][g], i, value);
                }
            }
        }
        errors.raise();
        EvalValue.VectorValue result = new EvalValue.VectorValue(output.result());
        ev.query.tracker.hold(result.sampleCount());
        ev.query.tracker.release(held);
        return result;
    }

    static EvalValue fraction(Evaluator ev, Plan.Call c) {
        double[] lower = ev.evalScalar(c.args().get(0));
        double[] upper = ev.evalScalar(c.args().get(1));
        EvalValue.VectorValue in = ev.evalVector(c.args().get(2));
        int steps = ev.steps();
        long held = in.sampleCount();
        Input input = new Input(in.series());
        Step step = new Step();
        PositionRange position = c.args().get(2).position();
        StepErrors errors = new StepErrors();
        OutputSeries output = new OutputSeries(steps, ev.keepDuplicates(), errors);
        int[] nativeOut = new int[input.series.size()];
        int[] groupOut = new int[input.groupLabels.size()];
        java.util.Arrays.fill(nativeOut, -1);
        java.util.Arrays.fill(groupOut, -1);
        for (int i = 0; i < steps; i++) {
            if ((i & 63) == 0) {
                ev.query.checkpoint();
            }
            step.prepare(ev, input, i, position);
            for (int k = 0; k < input.series.size(); k++) {
                if (!step.nativeUsable(input, k, i)) {
                    continue;
                }
                StepSeries s = input.series.get(k);
                HistogramStatistics.Estimate e = HistogramStatistics.estimateFraction(lower[i], upper[i],
                        s.histograms[i]);
                if (e.note() == HistogramStatistics.Note.FRACTION_NANS_EXCLUDED) {
                    ev.query.annotations.info("input to histogram_fraction has NaN observations, which are excluded "
                            + "from all fractions" + Annotations.forMetricName(metricName(ev, s)), position);
                }
                if (nativeOut[k] < 0) {
                    nativeOut[k] = output.series(outputLabels(ev, s.labels), true);
                }
                output.putFloat(nativeOut[k], i, e.value());
            }
            for (int g = 0; g < input.groupLabels.size(); g++) {
                if (!step.groupUsable(g)) {
                    continue;
                }
                int n = step.gather(input, g, i);
                double value = ClassicHistograms.bucketFraction(lower[i], upper[i], step.bounds, step.counts, n);
                if (groupOut[g] < 0) {
                    groupOut[g] = output.series(outputLabels(ev, input.groupLabels.get(g)), true);
                }
                output.putFloat(groupOut[g], i, value);
            }
        }
        errors.raise();
        EvalValue.VectorValue result = new EvalValue.VectorValue(output.result());
        ev.query.tracker.hold(result.sampleCount());
        ev.query.tracker.release(held);
        return result;
    }
}
