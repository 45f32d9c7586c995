package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

import io.amphora.model.Labels;
import io.amphora.model.MatchType;
import io.amphora.model.Matcher;
import io.amphora.promql.functions.InstantFunctions;

/**
 * Function calls: dispatch to the range-vector functions ({@link RangeFunctionCalls}), the label functions
 * ({@link LabelFunctions}), the histogram functions ({@link HistogramFunctions}) and the per-sample functions here.
 * Per-sample functions keep each series' labels (computing them once) and transform its step arrays in place.
 */
final class FunctionCalls {
    private FunctionCalls() {}

    static EvalValue evaluate(Evaluator ev, Plan.Call c) {
        String name = c.function().name();
        List<Plan> args = c.args();
        if ((name.equals("timestamp") || name.equals("start_timestamp"))
                && args.getFirst() instanceof Plan.Selector selector) {
            return timestampOfSelector(ev, c, selector);
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Plan.RangeSelector || args.get(i) instanceof Plan.Subquery) {
                return RangeFunctionCalls.evaluate(ev, c, i);
            }
        }
        switch (name) {
            case "label_replace" -> {
                return LabelFunctions.labelReplace(ev, c);
            }
            case "label_join" -> {
                return LabelFunctions.labelJoin(ev, c);
            }
            case "info" -> {
                return InfoFunction.evaluate(ev, c);
            }
            default -> {
            }
        }
        if ((name.equals("sort") || name.equals("sort_desc") || name.equals("sort_by_label")
                || name.equals("sort_by_label_desc")) && !ev.grid.singleStep()) {
            ev.query.annotations.warn("sort is ineffective for range queries since results are always ordered by "
                    + "labels", c.position());
        }
        return switch (name) {
            case "time" -> scalar(ev, i -> ev.grid.time(i) / 1000.0);
            case "pi" -> scalar(ev, i -> InstantFunctions.pi());
            case "max_of", "min_of" -> {
                double[] a = ev.evalScalar(args.get(0));
                double[] b = ev.evalScalar(args.get(1));
                for (int i = 0; i < a.length; i++) {
                    a[i] = name.equals("max_of") ? InstantFunctions.maxOf(a[i], b[i]) : InstantFunctions.minOf(a[i], b[i]);
                }
                yield new EvalValue.ScalarValue(a);
            }
            case "vector" -> {
                double[] v = ev.evalScalar(args.getFirst());
                StepSeries s = new StepSeries(Labels.empty(), false, v, Evaluator.filled(v.length), null);
                ev.query.tracker.hold(v.length);
                yield new EvalValue.VectorValue(new ArrayList<>(List.of(s)));
            }
            case "scalar" -> scalarOf(ev, ev.evalVector(args.getFirst()));
            case "absent" -> absent(ev, c);
            case "abs" -> floatFunction(ev, c, InstantFunctions::abs);
            case "ceil" -> floatFunction(ev, c, InstantFunctions::ceil);
            case "floor" -> floatFunction(ev, c, InstantFunctions::floor);
            case "exp" -> floatFunction(ev, c, InstantFunctions::exp);
            case "sqrt" -> floatFunction(ev, c, InstantFunctions::sqrt);
            case "ln" -> floatFunction(ev, c, InstantFunctions::ln);
            case "log2" -> floatFunction(ev, c, InstantFunctions::log2);
            case "log10" -> floatFunction(ev, c, InstantFunctions::log10);
            case "sin" -> floatFunction(ev, c, InstantFunctions::sin);
            case "cos" -> floatFunction(ev, c, InstantFunctions::cos);
            case "tan" -> floatFunction(ev, c, InstantFunctions::tan);
            case "asin" -> floatFunction(ev, c, InstantFunctions::asin);
            case "acos" -> floatFunction(ev, c, InstantFunctions::acos);
            case "atan" -> floatFunction(ev, c, InstantFunctions::atan);
            case "sinh" -> floatFunction(ev, c, InstantFunctions::sinh);
            case "cosh" -> floatFunction(ev, c, InstantFunctions::cosh);
            case "tanh" -> floatFunction(ev, c, InstantFunctions::tanh);
            case "asinh" -> floatFunction(ev, c, InstantFunctions::asinh);
            case "acosh" -> floatFunction(ev, c, InstantFunctions::acosh);
            case "atanh" -> floatFunction(ev, c, InstantFunctions::atanh);
            case "rad" -> floatFunction(ev, c, InstantFunctions::rad);
            case "deg" -> floatFunction(ev, c, InstantFunctions::deg);
            case "sgn" -> floatFunction(ev, c, InstantFunctions::sgn);
            case "round" -> round(ev, c);
            case "clamp" -> clamp(ev, c, ev.evalVector(args.get(0)), ev.evalScalar(args.get(1)),
                    ev.evalScalar(args.get(2)));
            case "clamp_min" -> {
                EvalValue.VectorValue v = ev.evalVector(args.get(0));
                double[] min = ev.evalScalar(args.get(1));
                double[] max = new double[min.length];
                Arrays.fill(max, Double.POSITIVE_INFINITY);
                yield clamp(ev, c, v, min, max);
            }
            case "clamp_max" -> {
                EvalValue.VectorValue v = ev.evalVector(args.get(0));
                double[] max = ev.evalScalar(args.get(1));
                double[] min = new double[max.length];
                Arrays.fill(min, Double.NEGATIVE_INFINITY);
                yield clamp(ev, c, v, min, max);
            }
            case "timestamp" -> timestampOfExpression(ev, c);
            case "start_timestamp" -> {
                // Only a selector's samples carry start timestamps: of any other expression there is no result.
                EvalValue.VectorValue v = ev.evalVector(args.getFirst());
                ev.query.tracker.release(v.sampleCount());
                yield new EvalValue.VectorValue(new ArrayList<>());
            }
            case "day_of_month" -> date(ev, c, InstantFunctions::dayOfMonth);
            case "day_of_week" -> date(ev, c, InstantFunctions::dayOfWeek);
            case "day_of_year" -> date(ev, c, InstantFunctions::dayOfYear);
            case "days_in_month" -> date(ev, c, InstantFunctions::daysInMonth);
            case "hour" -> date(ev, c, InstantFunctions::hour);
            case "minute" -> date(ev, c, InstantFunctions::minute);
            case "month" -> date(ev, c, InstantFunctions::month);
            case "year" -> date(ev, c, InstantFunctions::year);
            case "sort" -> sort(ev, c, false);
            case "sort_desc" -> sort(ev, c, true);
            case "sort_by_label" -> LabelFunctions.sortByLabel(ev, c, false);
            case "sort_by_label_desc" -> LabelFunctions.sortByLabel(ev, c, true);
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" ->
                    HistogramFunctions.statistic(ev, c);
            case "histogram_quantile" -> HistogramFunctions.quantile(ev, c);
            case "histogram_quantiles" -> HistogramFunctions.quantiles(ev, c);
            case "histogram_fraction" -> HistogramFunctions.fraction(ev, c);
            default -> throw new QueryException(QueryErrorType.EXECUTION, "function " + name
                    + " needs a range vector argument");
        };
    }

    private interface StepValue {
        double at(int step);
    }

    private static EvalValue.ScalarValue scalar(Evaluator ev, StepValue f) {
        double[] v = new double[ev.steps()];
        for (int i = 0; i < v.length; i++) {
            v[i] = f.at(i);
        }
        return new EvalValue.ScalarValue(v);
    }

    /** Marks a series' metric name for dropping, dropping it (and the type and unit) now unless that is late. */
    static void dropName(Evaluator ev, StepSeries s) {
        s.dropName = true;
        if (!ev.query.delayedNameRemoval) {
            s.labels = LabelSets.withoutMetadata(s.labels);
        }
    }

    /** Whether output series of a function that drops names must be merged (names dropped now). */
    static List<StepSeries> afterNameDrop(Evaluator ev, List<StepSeries> series) {
        if (ev.query.delayedNameRemoval) {
            return series;
        }
        return Evaluation.mergeSameLabels(series);
    }

    /** Prometheus's {@code simpleFloatFunc}: float points only, name dropped. */
    private static EvalValue.VectorValue floatFunction(Evaluator ev, Plan.Call c, DoubleUnaryOperator f) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        long held = in.sampleCount();
        List<StepSeries> out = new ArrayList<>(in.series().size());
        for (StepSeries s : in.series()) {
            ev.query.tick();
            double[] v = s.values;
            boolean[] p = s.present;
            if (s.histograms == null) {
                for (int i = 0; i < v.length; i++) {
                    if (p[i]) {
                        v[i] = f.applyAsDouble(v[i]);
                    }
                }
            } else {
                for (int i = 0; i < v.length; i++) {
                    if (!p[i]) {
                        continue;
                    }
                    if (s.histograms[i] != null) {
                        s.clear(i);
                    } else {
                        v[i] = f.applyAsDouble(v[i]);
                    }
                }
                s.histograms = null;
            }
            if (!s.isEmpty()) {
                dropName(ev, s);
                out.add(s);
            }
        }
        return finish(ev, out, held);
    }

    static EvalValue.VectorValue finish(Evaluator ev, List<StepSeries> out, long held) {
        List<StepSeries> result = afterNameDrop(ev, out);
        EvalValue.VectorValue value = new EvalValue.VectorValue(result);
        ev.query.tracker.hold(value.sampleCount());
        ev.query.tracker.release(held);
        return value;
    }

    private static EvalValue.VectorValue round(Evaluator ev, Plan.Call c) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        double[] toNearest = c.args().size() > 1 ? ev.evalScalar(c.args().get(1)) : null;
        long held = in.sampleCount();
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
            for (int i = 0; i < s.present.length; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (s.isHistogram(i)) {
                    s.clear(i);
                    continue;
                }
                s.values[i] = InstantFunctions.round(s.values[i], toNearest == null ? 1 : toNearest[i]);
            }
            s.histograms = null;
            if (!s.isEmpty()) {
                dropName(ev, s);
                out.add(s);
            }
        }
        return finish(ev, out, held);
    }

    private static EvalValue.VectorValue clamp(Evaluator ev, Plan.Call c, EvalValue.VectorValue in, double[] min,
            double[] max) {
        long held = in.sampleCount();
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
            for (int i = 0; i < s.present.length; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (s.isHistogram(i) || InstantFunctions.clampIsEmpty(min[i], max[i])) {
                    s.clear(i);
                    continue;
                }
                s.values[i] = InstantFunctions.clamp(s.values[i], min[i], max[i]);
            }
            s.histograms = null;
            if (!s.isEmpty()) {
                dropName(ev, s);
                out.add(s);
            }
        }
        return finish(ev, out, held);
    }

    private static EvalValue.ScalarValue scalarOf(Evaluator ev, EvalValue.VectorValue in) {
        int steps = ev.steps();
        double[] result = new double[steps];
        int[] count = new int[steps];
        for (StepSeries s : in.series()) {
            for (int i = 0; i < steps; i++) {
                if (s.isFloat(i)) {
                    count[i]++;
                    result[i] = s.values[i];
                }
            }
        }
        for (int i = 0; i < steps; i++) {
            if (count[i] != 1) {
                result[i] = Double.NaN;
            }
        }
        ev.query.tracker.release(in.sampleCount());
        return new EvalValue.ScalarValue(result);
    }

    private static EvalValue.VectorValue absent(Evaluator ev, Plan.Call c) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        int steps = ev.steps();
        StepSeries out = new StepSeries(absentLabels(c.args().getFirst()), false, steps);
        for (int i = 0; i < steps; i++) {
            out.setFloat(i, 1);
        }
        for (StepSeries s : in.series()) {
            for (int i = 0; i < steps; i++) {
                if (s.present[i]) {
                    out.clear(i);
                }
            }
        }
        ev.query.tracker.release(in.sampleCount());
        List<StepSeries> result = new ArrayList<>();
        if (!out.isEmpty()) {
            result.add(out);
            ev.query.tracker.hold(out.sampleCount());
        }
        return new EvalValue.VectorValue(result);
    }

    /**
     * Prometheus's {@code createLabelsForAbsentFunction}: the labels an equality matcher pins exactly once, for a
     * selector argument; none for any other expression.
     */
    static Labels absentLabels(Plan arg) {
        Plan node = arg instanceof Plan.StepInvariant i ? i.expr() : arg;
        List<Matcher> matchers;
        if (node instanceof Plan.Selector s) {
            matchers = s.matchers();
        } else if (node instanceof Plan.RangeSelector r) {
            matchers = r.selector().matchers();
        } else {
            return Labels.empty();
        }
        Labels.Builder builder = Labels.builder();
        Set<String> has = new HashSet<>();
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && !has.contains(m.name())) {
                builder.set(m.name(), m.value());
                has.add(m.name());
            } else {
                builder.remove(m.name());
            }
        }
        return builder.build();
    }

    /**
     * {@code timestamp(selector)}: the time of the sample each step selected, not the step's.
     * {@code start_timestamp(selector)}: that sample's start timestamp (0 when unknown), and, as in Prometheus,
     * nothing at all unless the engine uses start timestamps ({@code use-start-timestamps}).
     */
    private static EvalValue.VectorValue timestampOfSelector(Evaluator ev, Plan.Call c, Plan.Selector selector) {
        boolean start = c.function().name().equals("start_timestamp");
        if (start && !ev.query.startTimestamps) {
            EvalValue.VectorValue in = ev.selector(selector, Evaluator.SelectedPoints.VALUES);
            ev.query.tracker.release(in.sampleCount());
            return new EvalValue.VectorValue(new ArrayList<>());
        }
        EvalValue.VectorValue in = ev.selector(selector,
                start ? Evaluator.SelectedPoints.START_TIMES : Evaluator.SelectedPoints.SAMPLE_TIMES);
        long held = in.sampleCount();
        for (StepSeries s : in.series()) {
            dropName(ev, s);
        }
        return finish(ev, in.series(), held);
    }

    /** {@code timestamp(expr)} of anything but a selector: the step times. */
    private static EvalValue.VectorValue timestampOfExpression(Evaluator ev, Plan.Call c) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        long held = in.sampleCount();
        for (StepSeries s : in.series()) {
            for (int i = 0; i < s.present.length; i++) {
                if (s.present[i]) {
                    s.setFloat(i, ev.grid.time(i) / 1000.0);
                }
            }
            s.histograms = null;
            dropName(ev, s);
        }
        return finish(ev, in.series(), held);
    }

    private static EvalValue.VectorValue date(Evaluator ev, Plan.Call c, DoubleUnaryOperator f) {
        int steps = ev.steps();
        if (c.args().isEmpty()) {
            double[] v = new double[steps];
            for (int i = 0; i < steps; i++) {
                v[i] = f.applyAsDouble(InstantFunctions.evaluationTimeSeconds(ev.grid.time(i)));
            }
            StepSeries s = new StepSeries(Labels.empty(), false, v, Evaluator.filled(steps), null);
            ev.query.tracker.hold(steps);
            return new EvalValue.VectorValue(new ArrayList<>(List.of(s)));
        }
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        long held = in.sampleCount();
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
            for (int i = 0; i < steps; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (s.isHistogram(i)) {
                    s.clear(i);
                    continue;
                }
                s.values[i] = f.applyAsDouble(s.values[i]);
            }
            s.histograms = null;
            if (!s.isEmpty()) {
                dropName(ev, s);
                out.add(s);
            }
        }
        return finish(ev, out, held);
    }

    /** {@code sort}/{@code sort_desc}: float points only; ordered by value (NaN last) for a single step. */
    private static EvalValue.VectorValue sort(Evaluator ev, Plan.Call c, boolean descending) {
        EvalValue.VectorValue in = ev.evalVector(c.args().getFirst());
        List<StepSeries> out = new ArrayList<>(in.series().size());
        for (StepSeries s : in.series()) {
            if (s.histograms != null) {
                for (int i = 0; i < s.present.length; i++) {
                    if (s.histograms[i] != null) {
                        s.clear(i);
                    }
                }
                s.histograms = null;
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        if (ev.grid.singleStep() && out.size() > 1) {
            ValueOrder.sortByValue(out, descending);
        }
        return new EvalValue.VectorValue(out);
    }

}
