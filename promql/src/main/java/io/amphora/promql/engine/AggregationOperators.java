package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.ast.AggregationOp;
import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.functions.Aggregations;
import io.amphora.promql.functions.KahanSum;

/**
 * The aggregation operators. Input series are grouped once by their {@code by}/{@code without} labels and the group
 * labels computed once; each step then folds every group's members in input order, as Prometheus does, so sums and
 * means round identically.
 */
final class AggregationOperators {
    private static final double MIN_INT64 = -0x1p63;
    private static final double MAX_INT64 = 0x1p63;

    private AggregationOperators() {}

    static EvalValue evaluate(Evaluator ev, Plan.Aggregate a) {
        if (a.op() == AggregationOp.COUNT_VALUES) {
            return countValues(ev, a);
        }
        double[] param = null;
        if (a.param() != null) {
            EvalValue p = ev.eval(a.param());
            if (p instanceof EvalValue.ScalarValue s) {
                param = s.values();
            }
        }
        EvalValue.VectorValue input = ev.evalVector(a.expr());
        long held = input.sampleCount();
        EvalValue.VectorValue result = switch (a.op()) {
            case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO -> selectK(ev, a, input.series(), param);
            default -> fold(ev, a, input.series(), param);
        };
        ev.query.tracker.hold(result.sampleCount());
        ev.query.tracker.release(held);
        return result;
    }

    /** The group of every series (indexes in first-seen order) and, unless {@code labels} is false, group labels. */
    private record Groups(int[] groupOf, int count, List<Labels> labels, int[][] members) {}

    private static Groups group(List<StepSeries> series, Plan.Aggregate a, boolean labels) {
        Map<String, Integer> byKey = new HashMap<>();
        int[] groupOf = new int[series.size()];
        List<Labels> groupLabels = new ArrayList<>();
        int[] sizes = new int[Math.max(1, series.size())];
        for (int i = 0; i < series.size(); i++) {
            Labels l = series.get(i).labels;
            String key = a.grouping().isEmpty() && !a.without() ? "" : LabelSets.signature(l, !a.without(), a.grouping());
            Integer g = byKey.get(key);
            if (g == null) {
                g = byKey.size();
                byKey.put(key, g);
                if (labels) {
                    groupLabels.add(groupLabels(l, a));
                }
            }
            groupOf[i] = g;
            sizes[g]++;
        }
        int count = byKey.size();
        int[][] members = new int[count][];
        for (int g = 0; g < count; g++) {
            members[g] = new int[sizes[g]];
        }
        int[] fill = new int[count];
        for (int i = 0; i < series.size(); i++) {
            int g = groupOf[i];
            members[g][fill[g]++] = i;
        }
        return new Groups(groupOf, count, groupLabels, members);
    }

    /** Prometheus's {@code generateGroupingLabels}. */
    static Labels groupLabels(Labels labels, Plan.Aggregate a) {
        if (a.without()) {
            return LabelSets.without(labels, a.grouping(), true);
        }
        if (a.grouping().isEmpty()) {
            return Labels.empty();
        }
        return LabelSets.keep(labels, a.grouping());
    }

    // ------------------------------------------------------------------------------------------------------------
    // sum, avg, count, group, min, max, stddev, stdvar, quantile

    private static EvalValue.VectorValue fold(Evaluator ev, Plan.Aggregate a, List<StepSeries> series,
            double[] param) {
        AggregationOp op = a.op();
        PositionRange exprPosition = a.expr().position();
        Annotations annotations = ev.query.annotations;
        if (op == AggregationOp.QUANTILE && param != null) {
            boolean nan = false;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double q : param) {
                nan |= Double.isNaN(q);
                min = Math.min(min, q);
                max = Math.max(max, q);
            }
            PositionRange paramPosition = a.param().position();
            if (nan) {
                annotations.warn(invalidQuantile(Double.NaN), paramPosition);
            }
            if (max > 1) {
                annotations.warn(invalidQuantile(max), paramPosition);
            }
            if (min < 0) {
                annotations.warn(invalidQuantile(min), paramPosition);
            }
        }
        int steps = ev.steps();
        Groups groups = group(series, a, true);
        boolean anyHistogram = false;
        for (StepSeries s : series) {
            anyHistogram |= s.hasHistograms();
        }
        StepSeries[] out = new StepSeries[groups.count];
        for (int g = 0; g < groups.count; g++) {
            out[g] = new StepSeries(groups.labels.get(g), false, steps);
        }
        if (!anyHistogram && (op == AggregationOp.SUM || op == AggregationOp.COUNT || op == AggregationOp.GROUP
                || op == AggregationOp.MIN || op == AggregationOp.MAX)) {
            floatFold(ev, op, series, groups, out);
        } else {
            GroupState state = new GroupState(op, series.size());
            for (int i = 0; i < steps; i++) {
                if ((i & 63) == 0) {
                    ev.query.checkpoint();
                }
                for (int g = 0; g < groups.count; g++) {
                    foldStep(ev, a, series, groups.members[g], i, state, out[g], exprPosition,
                            param == null ? 0 : param[i]);
                }
            }
        }
        List<StepSeries> result = new ArrayList<>(groups.count);
        for (int g = 0; g < groups.count; g++) {
            if (out[g].isEmpty()) {
                continue;
            }
            out[g].dropName = groupDropName(series, groups.members[g], out[g]);
            result.add(out[g]);
        }
        return new EvalValue.VectorValue(result);
    }

    /**
     * Prometheus sets a group's {@code DropName} at every step from the members present then; the last step with a
     * point decides.
     */
    private static boolean groupDropName(List<StepSeries> series, int[] members, StepSeries out) {
        int last = -1;
        for (int i = out.present.length - 1; i >= 0; i--) {
            if (out.present[i]) {
                last = i;
                break;
            }
        }
        boolean drop = false;
        for (int m : members) {
            StepSeries s = series.get(m);
            if (s.dropName && s.present[last]) {
                drop = true;
            }
        }
        return drop;
    }

    /** Series-major folding for float-only input of the order-insensitive-by-step operators. */
    private static void floatFold(Evaluator ev, AggregationOp op, List<StepSeries> series, Groups groups,
            StepSeries[] out) {
        int steps = ev.steps();
        double[][] compensation = op == AggregationOp.SUM ? new double[groups.count][] : null;
        for (int k = 0; k < series.size(); k++) {
            ev.query.tick();
            StepSeries s = series.get(k);
            int g = groups.groupOf[k];
            StepSeries o = out[g];
            double[] v = s.values;
            boolean[] p = s.present;
            double[] ov = o.values;
            boolean[] op2 = o.present;
            switch (op) {
                case SUM -> {
                    double[] c = compensation[g];
                    if (c == null) {
                        c = new double[steps];
                        compensation[g] = c;
                    }
                    for (int i = 0; i < steps; i++) {
                        if (!p[i]) {
                            continue;
                        }
                        if (!op2[i]) {
                            op2[i] = true;
                            ov[i] = v[i];
                        } else {
                            double sum = ov[i];
                            double t = sum + v[i];
                            c[i] = KahanSum.compensation(v[i], sum, c[i], t);
                            ov[i] = t;
                        }
                    }
                }
                case COUNT -> {
                    for (int i = 0; i < steps; i++) {
                        if (p[i]) {
                            ov[i] = op2[i] ? ov[i] + 1 : 1;
                            op2[i] = true;
                        }
                    }
                }
                case GROUP -> {
                    for (int i = 0; i < steps; i++) {
                        if (p[i]) {
                            ov[i] = 1;
                            op2[i] = true;
                        }
                    }
                }
                case MAX -> {
                    for (int i = 0; i < steps; i++) {
                        if (p[i]) {
                            ov[i] = op2[i] ? Aggregations.max(ov[i], v[i]) : v[i];
                            op2[i] = true;
                        }
                    }
                }
                case MIN -> {
                    for (int i = 0; i < steps; i++) {
                        if (p[i]) {
                            ov[i] = op2[i] ? Aggregations.min(ov[i], v[i]) : v[i];
                            op2[i] = true;
                        }
                    }
                }
                default -> throw new IllegalStateException(op.keyword());
            }
        }
        if (compensation != null) {
            for (int g = 0; g < groups.count; g++) {
                double[] c = compensation[g];
                if (c == null) {
                    continue;
                }
                double[] ov = out[g].values;
                for (int i = 0; i < steps; i++) {
                    ov[i] += c[i];
                }
            }
        }
    }

    /** Per-group scratch for one step of the general fold. */
    private static final class GroupState {
        final Aggregations.Mean mean = new Aggregations.Mean();
        final Aggregations.Variance variance = new Aggregations.Variance();
        final double[] quantileValues;
        final HistogramMath.Summation histogramSum = new HistogramMath.Summation();
        final HistogramMath.Average histogramMean = new HistogramMath.Average();

        GroupState(AggregationOp op, int series) {
            quantileValues = op == AggregationOp.QUANTILE ? new double[Math.max(1, series)] : null;
        }
    }

    /** Prometheus's {@code aggregation()} for one group at one step. */
    private static void foldStep(Evaluator ev, Plan.Aggregate a, List<StepSeries> series, int[] members, int step,
            GroupState state, StepSeries out, PositionRange exprPosition, double q) {
        AggregationOp op = a.op();
        Annotations annotations = ev.query.annotations;
        boolean seen = false;
        double floatValue = 0;
        double kahanC = 0;
        double groupCount = 0;
        int quantileCount = 0;
        boolean hasFloat = false;
        boolean hasHistogram = false;
        boolean incompatible = false;
        boolean counterResetSeen = false;
        boolean notCounterResetSeen = false;
        boolean histogramStarted = false;
        for (int m : members) {
            StepSeries s = series.get(m);
            if (!s.present[step]) {
                continue;
            }
            double f = s.values[step];
            FloatHistogram h = s.histogram(step);
            if (h != null) {
                f = 0;
            }
            if (!seen) {
                seen = true;
                floatValue = f;
                kahanC = 0;
                groupCount = 1;
                hasFloat = false;
                hasHistogram = false;
                histogramStarted = false;
                incompatible = false;
                counterResetSeen = false;
                notCounterResetSeen = false;
                switch (op) {
                    case AVG, SUM -> {
                        if (h == null) {
                            hasFloat = true;
                            state.mean.start(f);
                        } else {
                            hasHistogram = true;
                            histogramStarted = true;
                            if (op == AggregationOp.SUM) {
                                state.histogramSum.start(h);
                            } else {
                                state.histogramMean.start(h);
                            }
                            counterResetSeen = h.counterResetHint() == CounterResetHint.COUNTER_RESET;
                            notCounterResetSeen = h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET;
                        }
                    }
                    case STDVAR, STDDEV -> {
                        if (h != null) {
                            seen = false;
                            annotations.info(ignoredHistogram(op.keyword()), exprPosition);
                        } else {
                            state.variance.start(f);
                        }
                    }
                    case QUANTILE -> {
                        if (h != null) {
                            seen = false;
                            annotations.info(ignoredHistogram("quantile"), exprPosition);
                        }
                        quantileCount = 0;
                        state.quantileValues[quantileCount++] = f;
                    }
                    case GROUP -> floatValue = 1;
                    case MIN, MAX -> {
                        if (h != null) {
                            seen = false;
                            annotations.info(ignoredHistogram(op.keyword()), exprPosition);
                        }
                    }
                    default -> {
                    }
                }
                continue;
            }
            if (incompatible) {
                continue;
            }
            switch (op) {
                case SUM -> {
                    if (h != null) {
                        hasHistogram = true;
                        if (histogramStarted) {
                            counterResetSeen |= h.counterResetHint() == CounterResetHint.COUNTER_RESET;
                            notCounterResetSeen |= h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET;
                            int flags = state.histogramSum.add(h);
                            if ((flags & HistogramMath.INCOMPATIBLE) != 0) {
                                annotations.warn(Smoothing.mixedSchemas(s.labels.metricName()), exprPosition);
                                incompatible = true;
                            }
                            if ((flags & HistogramMath.RECONCILED) != 0) {
                                annotations.info("mismatched custom buckets were reconciled during aggregation",
                                        exprPosition);
                            }
                        }
                    } else {
                        hasFloat = true;
                        double t = floatValue + f;
                        kahanC = KahanSum.compensation(f, floatValue, kahanC, t);
                        floatValue = t;
                    }
                }
                case AVG -> {
                    groupCount++;
                    if (h != null) {
                        hasHistogram = true;
                        if (histogramStarted) {
                            counterResetSeen |= h.counterResetHint() == CounterResetHint.COUNTER_RESET;
                            notCounterResetSeen |= h.counterResetHint() == CounterResetHint.NOT_COUNTER_RESET;
                            int flags = state.histogramMean.add(h);
                            if ((flags & HistogramMath.INCOMPATIBLE) != 0) {
                                annotations.warn(Smoothing.mixedSchemas(s.labels.metricName()), exprPosition);
                                incompatible = true;
                                continue;
                            }
                            if ((flags & HistogramMath.RECONCILED) != 0) {
                                annotations.info("mismatched custom buckets were reconciled during aggregation",
                                        exprPosition);
                            }
                        }
                    } else {
                        if (!hasFloat) {
                            state.mean.start(f);
                        } else {
                            state.mean.add(f);
                        }
                        hasFloat = true;
                    }
                }
                case GROUP -> {
                }
                case MAX -> {
                    if (h != null) {
                        annotations.info(ignoredHistogram("max"), exprPosition);
                        continue;
                    }
                    floatValue = Aggregations.max(floatValue, f);
                }
                case MIN -> {
                    if (h != null) {
                        annotations.info(ignoredHistogram("min"), exprPosition);
                        continue;
                    }
                    floatValue = Aggregations.min(floatValue, f);
                }
                case COUNT -> groupCount++;
                case STDVAR, STDDEV -> {
                    if (h == null) {
                        state.variance.add(f);
                    } else {
                        annotations.info(ignoredHistogram(op.keyword()), exprPosition);
                    }
                }
                case QUANTILE -> {
                    if (h != null) {
                        annotations.info(ignoredHistogram("quantile"), exprPosition);
                        continue;
                    }
                    state.quantileValues[quantileCount++] = f;
                }
                default -> throw new IllegalStateException(op.keyword());
            }
        }
        if (!seen) {
            return;
        }
        switch (op) {
            case AVG, SUM -> {
                if (hasFloat && hasHistogram) {
                    annotations.warn("encountered a mix of histograms and floats for aggregation", exprPosition);
                    return;
                }
                if (incompatible) {
                    return;
                }
                if (hasHistogram) {
                    FloatHistogram h = op == AggregationOp.SUM ? state.histogramSum.result()
                            : state.histogramMean.result();
                    if (counterResetSeen && notCounterResetSeen) {
                        annotations.warn("conflicting counter resets during histogram aggregation", exprPosition);
                    }
                    out.setHistogram(step, h);
                    return;
                }
                out.setFloat(step, op == AggregationOp.SUM ? floatValue + kahanC : state.mean.result());
            }
            case COUNT -> out.setFloat(step, groupCount);
            case STDVAR -> out.setFloat(step, state.variance.variance());
            case STDDEV -> out.setFloat(step, state.variance.standardDeviation());
            case QUANTILE -> out.setFloat(step, Aggregations.quantile(q, state.quantileValues, quantileCount));
            default -> out.setFloat(step, floatValue);
        }
    }

    static String ignoredHistogram(String aggregation) {
        return "ignored histogram in " + aggregation + " aggregation";
    }

    static String invalidQuantile(double q) {
        return "quantile value should be between 0 and 1, got " + GoFloats.formatG(q);
    }

    // ------------------------------------------------------------------------------------------------------------
    // topk, bottomk, limitk, limit_ratio

    private static EvalValue.VectorValue selectK(Evaluator ev, Plan.Aggregate a, List<StepSeries> series,
            double[] param) {
        AggregationOp op = a.op();
        int steps = ev.steps();
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        boolean nan = false;
        if (param != null) {
            for (double p : param) {
                max = Math.max(max, p);
                min = Math.min(min, p);
                nan |= Double.isNaN(p);
            }
        }
        if (op == AggregationOp.LIMIT_RATIO) {
            if (max == 0 && min == 0) {
                return new EvalValue.VectorValue(new ArrayList<>());
            }
            if (nan) {
                throw new QueryException(QueryErrorType.EXECUTION, "Ratio value is NaN");
            }
            if (max > 1.0) {
                ev.query.annotations.warn(invalidRatio(max, 1.0), a.param().position());
            }
            if (min < -1.0) {
                ev.query.annotations.warn(invalidRatio(min, -1.0), a.param().position());
            }
        } else {
            if (max < 1) {
                return new EvalValue.VectorValue(new ArrayList<>());
            }
            if (nan) {
                throw new QueryException(QueryErrorType.EXECUTION, "Parameter value is NaN");
            }
            if (min <= MIN_INT64) {
                throw new QueryException(QueryErrorType.EXECUTION,
                        "Scalar value " + GoFloats.formatG(min) + " underflows int64");
            }
            if (max >= MAX_INT64) {
                throw new QueryException(QueryErrorType.EXECUTION,
                        "Scalar value " + GoFloats.formatG(max) + " overflows int64");
            }
        }
        Groups groups = group(series, a, false);
        boolean[][] selected = new boolean[series.size()][];
        ValueHeap heap = new ValueHeap(op == AggregationOp.BOTTOMK);
        boolean instant = ev.grid.singleStep();
        List<int[]> instantOrder = new ArrayList<>();
        double[] offsets = null;
        if (op == AggregationOp.LIMIT_RATIO) {
            offsets = new double[series.size()];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = XxHash64.sampleOffset(series.get(i).labels);
            }
        }
        PositionRange position = a.position();
        for (int i = 0; i < steps; i++) {
            if ((i & 63) == 0) {
                ev.query.checkpoint();
            }
            double p = param == null ? 0 : param[i];
            long k = 0;
            double ratio = 0;
            if (op == AggregationOp.LIMIT_RATIO) {
                if (p == 0) {
                    continue;
                }
                ratio = Math.max(-1.0, Math.min(1.0, p));
            } else {
                k = Math.min((long) p, series.size());
                if (k < 1) {
                    continue;
                }
            }
            for (int g = 0; g < groups.count; g++) {
                heap.clear();
                boolean seen = false;
                for (int m : groups.members[g]) {
                    StepSeries s = series.get(m);
                    if (!s.present[i]) {
                        continue;
                    }
                    boolean histogram = s.isHistogram(i);
                    double f = histogram ? 0 : s.values[i];
                    if (!seen) {
                        seen = true;
                        switch (op) {
                            case LIMIT_RATIO -> {
                                if (addRatioSample(ratio, offsets[m])) {
                                    heap.push(m, f);
                                }
                            }
                            case LIMITK -> heap.append(m, f);
                            case TOPK, BOTTOMK -> {
                                if (histogram) {
                                    seen = false;
                                    ev.query.annotations.info(ignoredHistogram(op.keyword()), position);
                                } else {
                                    heap.push(m, f);
                                }
                            }
                            default -> throw new IllegalStateException(op.keyword());
                        }
                        continue;
                    }
                    switch (op) {
                        case TOPK -> {
                            if (histogram) {
                                ev.query.annotations.info(ignoredHistogram("topk"), position);
                            } else if (heap.size() < k) {
                                heap.push(m, f);
                            } else if (heap.value(0) < f || (Double.isNaN(heap.value(0)) && !Double.isNaN(f))) {
                                heap.replaceTop(m, f, k > 1);
                            }
                        }
                        case BOTTOMK -> {
                            if (histogram) {
                                ev.query.annotations.info(ignoredHistogram("bottomk"), position);
                            } else if (heap.size() < k) {
                                heap.push(m, f);
                            } else if (heap.value(0) > f || (Double.isNaN(heap.value(0)) && !Double.isNaN(f))) {
                                heap.replaceTop(m, f, k > 1);
                            }
                        }
                        case LIMITK -> {
                            if (heap.size() < k) {
                                heap.push(m, f);
                            }
                        }
                        case LIMIT_RATIO -> {
                            if (addRatioSample(ratio, offsets[m])) {
                                heap.push(m, f);
                            }
                        }
                        default -> throw new IllegalStateException(op.keyword());
                    }
                }
                if (!seen) {
                    continue;
                }
                if ((op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK) && heap.size() > 1) {
                    heap.sortReversed();
                }
                for (int e = 0; e < heap.size(); e++) {
                    int m = heap.series(e);
                    if (selected[m] == null) {
                        selected[m] = new boolean[steps];
                    }
                    selected[m][i] = true;
                    if (instant) {
                        instantOrder.add(new int[] {m});
                    }
                }
            }
        }
        List<StepSeries> result = new ArrayList<>();
        if (instant) {
            for (int[] m : instantOrder) {
                result.add(series.get(m[0]));
            }
            return new EvalValue.VectorValue(result);
        }
        for (int m = 0; m < series.size(); m++) {
            if (selected[m] == null) {
                continue;
            }
            StepSeries s = series.get(m);
            for (int i = 0; i < steps; i++) {
                if (!selected[m][i]) {
                    s.clear(i);
                }
            }
            result.add(s);
        }
        return new EvalValue.VectorValue(result);
    }

    private static boolean addRatioSample(double ratio, double offset) {
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }

    private static String invalidRatio(double ratio, double capped) {
        return "ratio value should be between -1 and 1, got " + GoFloats.formatG(ratio) + ", capping to "
                + GoFloats.formatG(capped);
    }

    // ------------------------------------------------------------------------------------------------------------
    // count_values

    private static EvalValue countValues(Evaluator ev, Plan.Aggregate a) {
        String label = ((Plan.StringLiteral) a.param()).value();
        if (!GoStrings.isValidLabelName(label)) {
            throw new QueryException(QueryErrorType.EXECUTION, "invalid label name " + GoStrings.quote(label));
        }
        List<String> grouping = a.grouping();
        if (!a.without()) {
            List<String> g = new ArrayList<>(grouping);
            g.add(label);
            g.sort(String::compareTo);
            grouping = List.copyOf(g);
        }
        Plan.Aggregate withGrouping = new Plan.Aggregate(a.op(), a.expr(), a.param(), grouping, a.without(),
                a.position());
        EvalValue.VectorValue input = ev.evalVector(a.expr());
        int steps = ev.steps();
        Map<Labels, StepSeries> outputs = new java.util.LinkedHashMap<>();
        for (StepSeries s : input.series()) {
            ev.query.tick();
            Map<String, StepSeries> byValue = new HashMap<>();
            for (int i = 0; i < steps; i++) {
                if (!s.present[i]) {
                    continue;
                }
                String value = s.isHistogram(i) ? HistogramMath.format(s.histograms[i])
                        : GoFloats.formatPlain(s.values[i]);
                StepSeries out = byValue.get(value);
                if (out == null) {
                    Labels withValue = LabelSets.with(s.labels, label, value);
                    Labels groupLabels = groupLabels(withValue, withGrouping);
                    out = outputs.computeIfAbsent(groupLabels, l -> new StepSeries(l, false, steps));
                    byValue.put(value, out);
                }
                out.values[i] = out.present[i] ? out.values[i] + 1 : 1;
                out.present[i] = true;
            }
        }
        List<StepSeries> result = new ArrayList<>(outputs.values());
        ev.query.tracker.hold(result.size());
        ev.query.tracker.release(input.sampleCount());
        return new EvalValue.VectorValue(result);
    }
}
