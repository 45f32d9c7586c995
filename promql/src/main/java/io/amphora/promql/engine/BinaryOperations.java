package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.ast.BinaryOp;
import io.amphora.promql.ast.MatchCardinality;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.ast.VectorMatching;
import io.amphora.promql.functions.BinaryArithmetic;

/**
 * Binary operators over whole step ranges, with Prometheus's semantics: scalar/scalar, vector/scalar, vector/vector
 * with one-to-one, many-to-one and one-to-many matching (and {@code fill} values), and the set operators. Series
 * are matched once by their signature; the per-step work is array indexing, with the collision checks Prometheus
 * makes at each step.
 */
final class BinaryOperations {
    private BinaryOperations() {}

    /** {@code b} with its left operand already evaluated to {@code lhs}. */
    static EvalValue evaluate(Evaluator ev, Plan.Binary b, EvalValue lhs) {
        ValueType lt = b.lhs().type();
        ValueType rt = b.rhs().type();
        EvalValue rhs = ev.eval(b.rhs());
        if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            double[] l = ((EvalValue.ScalarValue) lhs).values();
            double[] r = ((EvalValue.ScalarValue) rhs).values();
            for (int i = 0; i < l.length; i++) {
                l[i] = scalar(b.op(), l[i], r[i]);
            }
            return lhs;
        }
        long held = sampleCount(lhs) + sampleCount(rhs);
        EvalValue.VectorValue result;
        if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
            List<StepSeries> l = ((EvalValue.VectorValue) lhs).series();
            List<StepSeries> r = ((EvalValue.VectorValue) rhs).series();
            result = switch (b.op()) {
                case AND -> and(ev, l, r, b.matching(), false);
                case UNLESS -> and(ev, l, r, b.matching(), true);
                case OR -> or(ev, l, r, b.matching());
                default -> new VectorMatcher(ev, b, l, r).run();
            };
        } else if (lt == ValueType.VECTOR) {
            result = vectorScalar(ev, b, (EvalValue.VectorValue) lhs, ((EvalValue.ScalarValue) rhs).values(), false);
        } else {
            result = vectorScalar(ev, b, (EvalValue.VectorValue) rhs, ((EvalValue.ScalarValue) lhs).values(), true);
        }
        ev.query.tracker.hold(result.sampleCount());
        ev.query.tracker.release(held);
        return result;
    }

    private static long sampleCount(EvalValue value) {
        return value instanceof EvalValue.VectorValue v ? v.sampleCount() : 0;
    }

    /** Prometheus's {@code changesMetricSchema}: the arithmetic operators, whose result is no longer the metric. */
    static boolean changesMetricSchema(BinaryOp op) {
        return switch (op) {
            case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
            default -> false;
        };
    }

    static double scalar(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case POW -> BinaryArithmetic.pow(l, r);
            case MOD -> BinaryArithmetic.mod(l, r);
            case EQL -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            case ATAN2 -> BinaryArithmetic.atan2(l, r);
            default -> throw new QueryException(QueryErrorType.EXECUTION,
                    "operator \"" + op.symbol() + "\" not allowed for Scalar operations");
        };
    }

    /**
     * The element operation of Prometheus's {@code vectorElemBinop} for two floats: writes the value into
     * {@code out.value} and returns whether the element is kept (comparisons filter).
     */
    private static boolean floatElement(BinaryOp op, double l, double r, Element out) {
        switch (op) {
            case ADD -> out.value = l + r;
            case SUB -> out.value = l - r;
            case MUL -> out.value = l * r;
            case DIV -> out.value = l / r;
            case POW -> out.value = BinaryArithmetic.pow(l, r);
            case MOD -> out.value = BinaryArithmetic.mod(l, r);
            case ATAN2 -> out.value = BinaryArithmetic.atan2(l, r);
            case EQL -> {
                out.value = l;
                return l == r;
            }
            case NEQ -> {
                out.value = l;
                return l != r;
            }
            case GTR -> {
                out.value = l;
                return l > r;
            }
            case LSS -> {
                out.value = l;
                return l < r;
            }
            case GTE -> {
                out.value = l;
                return l >= r;
            }
            case LTE -> {
                out.value = l;
                return l <= r;
            }
            case TRIM_LOWER, TRIM_UPPER -> {
                out.failure = incompatibleTypes("float", op, "float");
                return false;
            }
            default -> throw new IllegalStateException("not a vector operator: " + op.symbol());
        }
        return true;
    }

    /** The outcome of one element operation; reused. */
    static final class Element {
        double value;
        FloatHistogram histogram;
        /** An annotation that drops the element (Prometheus returns it as the error). */
        Annotation failure;
        /** An annotation that keeps the element (Prometheus's info). */
        Annotation note;

        void reset() {
            value = 0;
            histogram = null;
            failure = null;
            note = null;
        }
    }

    /** An annotation's kind and text, positioned at the binary expression when reported. */
    record Annotation(boolean warning, String text) {}

    private static Annotation incompatibleTypes(String lhsType, BinaryOp op, String rhsType) {
        return new Annotation(false, "incompatible sample types encountered for binary operator "
                + GoFloats.quote(op.symbol()) + ": " + lhsType + " " + op.symbol() + " " + rhsType);
    }

    /** Prometheus's {@code vectorElemBinop}; {@code lh}/{@code rh} are null for floats. Returns whether kept. */
    static boolean element(BinaryOp op, double l, double r, FloatHistogram lh, FloatHistogram rh, Element out) {
        out.reset();
        if (lh == null && rh == null) {
            return floatElement(op, l, r, out);
        }
        if (lh == null) {
            if (op == BinaryOp.MUL) {
                out.histogram = HistogramMath.compact(HistogramMath.multiply(rh, l));
                return true;
            }
            out.failure = incompatibleTypes("float", op, "histogram");
            return false;
        }
        if (rh == null) {
            switch (op) {
                case MUL -> {
                    out.histogram = HistogramMath.compact(HistogramMath.multiply(lh, r));
                    return true;
                }
                case DIV -> {
                    out.histogram = HistogramMath.compact(HistogramMath.divide(lh, r));
                    return true;
                }
                case TRIM_UPPER -> {
                    out.histogram = HistogramMath.trimBuckets(lh, r, true);
                    return true;
                }
                case TRIM_LOWER -> {
                    out.histogram = HistogramMath.trimBuckets(lh, r, false);
                    return true;
                }
                default -> {
                    out.failure = incompatibleTypes("histogram", op, "float");
                    return false;
                }
            }
        }
        switch (op) {
            case ADD, SUB -> {
                HistogramMath.Combined combined = op == BinaryOp.ADD ? HistogramMath.add(lh, rh)
                        : HistogramMath.subtract(lh, rh);
                if (combined.incompatible()) {
                    out.failure = new Annotation(true,
                            "incompatible bucket layout encountered for binary operator " + op.symbol());
                    return false;
                }
                FloatHistogram result = combined.histogram();
                if (op == BinaryOp.SUB) {
                    result = HistogramMath.asGauge(result);
                }
                String operation = op == BinaryOp.ADD ? "addition" : "subtraction";
                if (combined.boundsReconciled()) {
                    out.note = new Annotation(false, "mismatched custom buckets were reconciled during " + operation);
                }
                if (combined.counterResetCollision()) {
                    out.failure = new Annotation(true, "conflicting counter resets during histogram " + operation);
                    return false;
                }
                out.histogram = HistogramMath.compact(result);
                return true;
            }
            case EQL -> {
                out.histogram = lh;
                return HistogramMath.equal(lh, rh);
            }
            case NEQ -> {
                out.histogram = lh;
                return !HistogramMath.equal(lh, rh);
            }
            default -> {
                out.failure = incompatibleTypes("histogram", op, "histogram");
                return false;
            }
        }
    }

    /**
     * Prometheus reports only the last failure (or info) of each step of a binary operation: one slot per step,
     * later ones overwriting earlier ones, added to the query's annotations at the end.
     */
    static final class StepAnnotations {
        private Annotation[] last;

        void set(int step, int steps, Annotation annotation) {
            if (last == null) {
                last = new Annotation[steps];
            }
            last[step] = annotation;
        }

        void report(Annotations annotations, PositionRange position) {
            if (last == null) {
                return;
            }
            for (Annotation a : last) {
                if (a == null) {
                    continue;
                }
                if (a.warning()) {
                    annotations.warn(a.text(), position);
                } else {
                    annotations.info(a.text(), position);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // vector / scalar

    private static EvalValue.VectorValue vectorScalar(Evaluator ev, Plan.Binary b, EvalValue.VectorValue vector,
            double[] scalar, boolean swap) {
        BinaryOp op = b.op();
        boolean comparison = op.isComparison();
        boolean dropName = changesMetricSchema(op) || b.returnBool();
        int steps = ev.steps();
        Element e = new Element();
        StepAnnotations notes = new StepAnnotations();
        List<StepSeries> out = new ArrayList<>(vector.series().size());
        for (StepSeries s : vector.series()) {
            ev.query.tick();
            if (s.histograms == null && !comparison && !b.returnBool()) {
                arithmeticInPlace(op, s.values, s.present, scalar, swap);
            } else {
                for (int i = 0; i < steps; i++) {
                    if (!s.present[i]) {
                        continue;
                    }
                    double lf = s.values[i];
                    double rf = scalar[i];
                    FloatHistogram lh = s.histogram(i);
                    FloatHistogram rh = null;
                    if (swap) {
                        double t = lf;
                        lf = rf;
                        rf = t;
                        rh = lh;
                        lh = null;
                    }
                    boolean keep = element(op, lf, rf, lh, rh, e);
                    if (e.failure != null && !e.failure.warning()) {
                        notes.set(i, steps, e.failure);
                        s.clear(i);
                        continue;
                    }
                    double value = e.value;
                    FloatHistogram histogram = e.histogram;
                    if (comparison && swap) {
                        value = rf;
                        histogram = rh;
                    }
                    if (b.returnBool()) {
                        value = keep ? 1 : 0;
                        keep = true;
                    }
                    if (!keep) {
                        s.clear(i);
                    } else if (histogram != null) {
                        s.setHistogram(i, histogram);
                    } else {
                        s.setFloat(i, value);
                    }
                }
            }
            if (dropName) {
                s.dropName = true;
                if (!ev.query.delayedNameRemoval) {
                    s.labels = LabelSets.withoutMetadata(s.labels);
                }
            }
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        notes.report(ev.query.annotations, b.position());
        if (dropName && !ev.query.delayedNameRemoval) {
            out = Evaluation.mergeSameLabels(out);
        }
        return new EvalValue.VectorValue(out);
    }

    private static void arithmeticInPlace(BinaryOp op, double[] v, boolean[] present, double[] scalar, boolean swap) {
        int n = v.length;
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] + scalar[i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    v[i] = v[i] * scalar[i];
                }
            }
            case SUB -> {
                if (swap) {
                    for (int i = 0; i < n; i++) {
                        v[i] = scalar[i] - v[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] = v[i] - scalar[i];
                    }
                }
            }
            case DIV -> {
                if (swap) {
                    for (int i = 0; i < n; i++) {
                        v[i] = scalar[i] / v[i];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v[i] = v[i] / scalar[i];
                    }
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    if (present[i]) {
                        v[i] = swap ? scalar(op, scalar[i], v[i]) : scalar(op, v[i], scalar[i]);
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // set operators

    /** Signature ordinals of both sides under the matching's {@code on}/{@code ignoring} labels. */
    private static int[][] signatures(List<StepSeries> l, List<StepSeries> r, VectorMatching m) {
        Map<String, Integer> ordinals = new HashMap<>();
        int[] ls = new int[l.size()];
        int[] rs = new int[r.size()];
        for (int i = 0; i < ls.length; i++) {
            ls[i] = ordinals.computeIfAbsent(LabelSets.signature(l.get(i).labels, m.on(), m.matchingLabels()),
                    k -> ordinals.size());
        }
        for (int i = 0; i < rs.length; i++) {
            rs[i] = ordinals.computeIfAbsent(LabelSets.signature(r.get(i).labels, m.on(), m.matchingLabels()),
                    k -> ordinals.size());
        }
        return new int[][] {ls, rs, {ordinals.size()}};
    }

    /** {@code and} (keep left points whose signature is on the right at that step) and {@code unless} (the rest). */
    private static EvalValue.VectorValue and(Evaluator ev, List<StepSeries> l, List<StepSeries> r, VectorMatching m,
            boolean unless) {
        int steps = ev.steps();
        if (l.isEmpty() || r.isEmpty()) {
            return new EvalValue.VectorValue(unless ? l : new ArrayList<>());
        }
        int[][] sigs = signatures(l, r, m);
        boolean[][] rightPresent = new boolean[sigs[2][0]][];
        for (int j = 0; j < r.size(); j++) {
            boolean[] p = rightPresent[sigs[1][j]];
            if (p == null) {
                p = new boolean[steps];
                rightPresent[sigs[1][j]] = p;
            }
            boolean[] src = r.get(j).present;
            for (int i = 0; i < steps; i++) {
                p[i] |= src[i];
            }
        }
        List<StepSeries> out = new ArrayList<>(l.size());
        for (int k = 0; k < l.size(); k++) {
            StepSeries s = l.get(k);
            boolean[] p = rightPresent[sigs[0][k]];
            boolean any = false;
            for (int i = 0; i < steps; i++) {
                boolean matched = p != null && p[i];
                if (s.present[i] && matched == unless) {
                    s.clear(i);
                }
                any |= s.present[i];
            }
            if (any) {
                out.add(s);
            }
        }
        return new EvalValue.VectorValue(out);
    }

    /** {@code or}: every left point, and right points whose signature has no left point at that step. */
    private static EvalValue.VectorValue or(Evaluator ev, List<StepSeries> l, List<StepSeries> r, VectorMatching m) {
        int steps = ev.steps();
        List<StepSeries> all = new ArrayList<>(l.size() + r.size());
        if (l.isEmpty() || r.isEmpty()) {
            all.addAll(l);
            all.addAll(r);
        } else {
            int[][] sigs = signatures(l, r, m);
            boolean[][] leftPresent = new boolean[sigs[2][0]][];
            for (int k = 0; k < l.size(); k++) {
                boolean[] p = leftPresent[sigs[0][k]];
                if (p == null) {
                    p = new boolean[steps];
                    leftPresent[sigs[0][k]] = p;
                }
                boolean[] src = l.get(k).present;
                for (int i = 0; i < steps; i++) {
                    p[i] |= src[i];
                }
            }
            all.addAll(l);
            for (int j = 0; j < r.size(); j++) {
                StepSeries s = r.get(j);
                boolean[] p = leftPresent[sigs[1][j]];
                if (p != null) {
                    for (int i = 0; i < steps; i++) {
                        if (p[i]) {
                            s.clear(i);
                        }
                    }
                }
                if (!s.isEmpty()) {
                    all.add(s);
                }
            }
        }
        return new EvalValue.VectorValue(collect(ev, all));
    }

    /**
     * Puts whole input series into the output by label set, step by step in input order per step as Prometheus
     * does, so equal label sets merge or collide at a step.
     */
    private static List<StepSeries> collect(Evaluator ev, List<StepSeries> series) {
        if (!hasEqualLabels(series)) {
            return series;
        }
        StepErrors errors = new StepErrors();
        OutputSeries collector = new OutputSeries(ev.steps(), ev.keepDuplicates(), errors);
        int[] index = new int[series.size()];
        for (int k = 0; k < series.size(); k++) {
            index[k] = collector.series(series.get(k).labels, series.get(k).dropName);
        }
        for (int i = 0; i < ev.steps(); i++) {
            for (int k = 0; k < series.size(); k++) {
                StepSeries s = series.get(k);
                if (!s.present[i]) {
                    continue;
                }
                if (s.isHistogram(i)) {
                    collector.putHistogram(index[k], i, s.histograms[i]);
                } else {
                    collector.putFloat(index[k], i, s.values[i]);
                }
            }
        }
        errors.raise();
        return collector.result();
    }

    private static boolean hasEqualLabels(List<StepSeries> series) {
        if (series.size() < 2) {
            return false;
        }
        java.util.Set<Labels> seen = new java.util.HashSet<>();
        for (StepSeries s : series) {
            if (!seen.add(s.labels)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------------------
    // vector / vector with matching

    /** One evaluation of an arithmetic or comparison operator between two vectors. */
    private static final class VectorMatcher {
        private final Evaluator ev;
        private final Plan.Binary b;
        private final BinaryOp op;
        private final VectorMatching m;
        private final MatchCardinality card;
        private final boolean swapped;
        private final List<StepSeries> many;
        private final List<StepSeries> one;
        private final int steps;
        private final StepErrors errors = new StepErrors();
        private final OutputSeries output;
        private final StepAnnotations notes = new StepAnnotations();
        private final Element element = new Element();
        private final Map<Long, Integer> pairOutput = new HashMap<>();
        private final Labels[] manyFill;
        private final Labels[] oneFill;
        private final int[] lastPartner;
        private final int[] lastOutput;
        private final Double fillMissingOne;
        private final Double fillMissingMany;
        private int[] outStepStamp = new int[16];
        private int[] outSigStamp = new int[16];

        VectorMatcher(Evaluator ev, Plan.Binary b, List<StepSeries> lhs, List<StepSeries> rhs) {
            this.ev = ev;
            this.b = b;
            this.op = b.op();
            this.m = b.matching();
            this.card = m.cardinality();
            this.swapped = card == MatchCardinality.ONE_TO_MANY;
            this.many = swapped ? rhs : lhs;
            this.one = swapped ? lhs : rhs;
            this.steps = ev.steps();
            this.output = new OutputSeries(steps, ev.keepDuplicates(), errors);
            this.fillMissingOne = m.fillRight().isPresent() ? m.fillRight().getAsDouble() : null;
            this.fillMissingMany = m.fillLeft().isPresent() ? m.fillLeft().getAsDouble() : null;
            Arrays.fill(outStepStamp, -1);
            this.manyFill = new Labels[many.size()];
            this.oneFill = new Labels[one.size()];
            this.lastPartner = new int[many.size()];
            this.lastOutput = new int[many.size()];
            Arrays.fill(lastPartner, Integer.MIN_VALUE);
        }

        EvalValue.VectorValue run() {
            if (many.isEmpty() && one.isEmpty()) {
                return new EvalValue.VectorValue(new ArrayList<>());
            }
            if ((many.isEmpty() || one.isEmpty()) && fillMissingOne == null && fillMissingMany == null) {
                return new EvalValue.VectorValue(new ArrayList<>());
            }
            int[][] sigs = signatures(many, one, m);
            int[] manySig = sigs[0];
            int[] oneSig = sigs[1];
            int numSigs = sigs[2][0];
            int[] oneAtSig = new int[numSigs];
            int[] oneStamp = new int[numSigs];
            int[] matchedStamp = new int[numSigs];
            Arrays.fill(oneStamp, -1);
            Arrays.fill(matchedStamp, -1);
            for (int i = 0; i < steps; i++) {
                if ((i & 63) == 0) {
                    ev.query.checkpoint();
                }
                if (!errorsAllowStep(i)) {
                    break;
                }
                boolean anyMany = false;
                boolean anyOne = false;
                for (StepSeries s : many) {
                    anyMany |= s.present[i];
                }
                for (StepSeries s : one) {
                    anyOne |= s.present[i];
                }
                if (!anyMany && !anyOne) {
                    continue;
                }
                if ((!anyMany || !anyOne) && fillMissingOne == null && fillMissingMany == null) {
                    continue;
                }
                for (int j = 0; j < one.size(); j++) {
                    StepSeries s = one.get(j);
                    if (!s.present[i]) {
                        continue;
                    }
                    int sig = oneSig[j];
                    if (oneStamp[sig] == i) {
                        duplicateOnOneSide(i, s, one.get(oneAtSig[sig]));
                        break;
                    }
                    oneStamp[sig] = i;
                    oneAtSig[sig] = j;
                }
                if (!errorsAllowStep(i)) {
                    continue;
                }
                for (int k = 0; k < many.size(); k++) {
                    StepSeries s = many.get(k);
                    if (!s.present[i]) {
                        continue;
                    }
                    int sig = manySig[k];
                    if (oneStamp[sig] == i) {
                        int j = oneAtSig[sig];
                        StepSeries o = one.get(j);
                        apply(i, k, s.labels, s.values[i], s.histogram(i), j, o.labels, o.values[i],
                                o.histogram(i), sig, matchedStamp);
                    } else if (fillMissingOne != null) {
                        apply(i, k, s.labels, s.values[i], s.histogram(i), -1, fillLabels(manyFill, many, k),
                                fillMissingOne, null, sig, matchedStamp);
                    }
                }
                if (fillMissingMany != null) {
                    for (int j = 0; j < one.size(); j++) {
                        StepSeries o = one.get(j);
                        if (!o.present[i] || matchedStamp[oneSig[j]] == i) {
                            continue;
                        }
                        apply(i, -1 - j, fillLabels(oneFill, one, j), fillMissingMany, null, j, o.labels, o.values[i],
                                o.histogram(i), oneSig[j], matchedStamp);
                    }
                }
            }
            errors.raise();
            notes.report(ev.query.annotations, b.position());
            return new EvalValue.VectorValue(output.result());
        }

        /** The labels of the fill element standing in for series {@code k}'s missing partner, computed once. */
        private Labels fillLabels(Labels[] cache, List<StepSeries> side, int k) {
            if (cache[k] == null) {
                cache[k] = LabelSets.matchLabels(side.get(k).labels, m.on(), m.matchingLabels());
            }
            return cache[k];
        }

        private boolean errorsAllowStep(int step) {
            return !errors.any();
        }

        private void duplicateOnOneSide(int step, StepSeries a, StepSeries c) {
            String side = swapped ? "left" : "right";
            Labels matched = LabelSets.matchLabels(a.labels, m.on(), m.matchingLabels());
            String d1 = a.labels.toString();
            String d2 = c.labels.toString();
            if (d1.compareTo(d2) > 0) {
                String t = d1;
                d1 = d2;
                d2 = t;
            }
            errors.record(step, StepErrors.PHASE_COMPUTE, "found duplicate series for the match group " + matched
                    + " on the " + side + " hand-side of the operation: [" + d1 + ", " + d2
                    + "];many-to-many matching not allowed: matching labels must be unique on one side");
        }

        /**
         * Prometheus's {@code doBinOp} for the "many" element {@code (manyIndex, ml, mv, mh)} (a negative index for
         * a fill element) and the "one" element {@code (oneIndex, ol, ov, oh)} ({@code -1} for a fill).
         */
        private void apply(int step, int manyIndex, Labels ml, double mv, FloatHistogram mh, int oneIndex,
                Labels ol, double ov, FloatHistogram oh, int sig, int[] matchedStamp) {
            double fl = mv;
            double fr = ov;
            FloatHistogram hl = mh;
            FloatHistogram hr = oh;
            if (swapped) {
                fl = ov;
                fr = mv;
                hl = oh;
                hr = mh;
            }
            boolean keep = element(op, fl, fr, hl, hr, element);
            if (element.failure != null) {
                notes.set(step, steps, element.failure);
                return;
            }
            if (element.note != null) {
                notes.set(step, steps, element.note);
            }
            double value = element.value;
            FloatHistogram histogram = element.histogram;
            if (b.returnBool()) {
                histogram = null;
                value = keep ? 1 : 0;
            }
            int out = outputFor(manyIndex, ml, oneIndex, ol);
            if (card == MatchCardinality.ONE_TO_ONE) {
                if (matchedStamp[sig] == step) {
                    errors.record(step, StepErrors.PHASE_COMPUTE,
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    return;
                }
                matchedStamp[sig] = step;
            } else {
                matchedStamp[sig] = step;
                ensureStamps(out);
                if (outStepStamp[out] == step && outSigStamp[out] == sig) {
                    errors.record(step, StepErrors.PHASE_COMPUTE,
                            "multiple matches for labels: grouping labels must ensure unique matches");
                    return;
                }
                outStepStamp[out] = step;
                outSigStamp[out] = sig;
            }
            if (!keep && !b.returnBool()) {
                return;
            }
            if (histogram != null) {
                output.putHistogram(out, step, histogram);
            } else {
                output.putFloat(out, step, value);
            }
        }

        private void ensureStamps(int out) {
            if (out >= outStepStamp.length) {
                int size = Math.max(out + 1, outStepStamp.length * 2);
                int old = outStepStamp.length;
                outStepStamp = Arrays.copyOf(outStepStamp, size);
                outSigStamp = Arrays.copyOf(outSigStamp, size);
                Arrays.fill(outStepStamp, old, size, -1);
            }
        }

        /** The output series of a pair, computed once per pair (Prometheus's {@code resultMetric}). */
        private int outputFor(int manyIndex, Labels ml, int oneIndex, Labels ol) {
            if (manyIndex >= 0 && lastPartner[manyIndex] == oneIndex) {
                return lastOutput[manyIndex];
            }
            long key = ((long) manyIndex << 32) | (oneIndex & 0xffffffffL);
            Integer cached = pairOutput.get(key);
            if (cached != null) {
                remember(manyIndex, oneIndex, cached);
                return cached;
            }
            Labels labels = ml;
            boolean dropMetricName = !ev.query.delayedNameRemoval && b.returnBool();
            if (dropMetricName || changesMetricSchema(op)) {
                labels = LabelSets.withoutMetadata(labels);
            }
            if (card == MatchCardinality.ONE_TO_ONE) {
                labels = m.on() ? LabelSets.keep(labels, m.matchingLabels())
                        : LabelSets.without(labels, m.matchingLabels(), false);
            }
            if (!m.include().isEmpty()) {
                Labels.Builder builder = labels.toBuilder();
                for (String name : m.include()) {
                    String v = ol.get(name);
                    if (v.isEmpty()) {
                        builder.remove(name);
                    } else {
                        builder.set(name, v);
                    }
                }
                labels = builder.build();
            }
            int out = output.series(labels, b.returnBool());
            pairOutput.put(key, out);
            remember(manyIndex, oneIndex, out);
            return out;
        }

        /** The last partner and output of each "many" series: the pair lookup without boxing at most steps. */
        private void remember(int manyIndex, int oneIndex, int out) {
            if (manyIndex >= 0) {
                lastPartner[manyIndex] = oneIndex;
                lastOutput[manyIndex] = out;
            }
        }
    }
}
