package io.amphora.promql.engine;

import io.amphora.model.StaleMarker;
import java.util.ArrayList;
import java.util.List;

import io.amphora.model.Matcher;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.ast.PositionRange;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.SelectHints;
import io.amphora.storage.Series;
import io.amphora.storage.SeriesSet;
import io.amphora.storage.ValueType;

/**
 * Evaluates plan nodes over one step grid: the query's, a subquery's, or the single first step of a step-invariant
 * sub-tree. Every node is evaluated once, for all steps at once, into a value whose arrays its parent owns.
 */
final class Evaluator {
    final Evaluation query;
    final StepGrid grid;
    /** The step of the innermost enclosing subquery, or the query step: the {@code step} select hint. */
    private final long hintStep;

    Evaluator(Evaluation query, StepGrid grid) {
        this(query, grid, query.step);
    }

    private Evaluator(Evaluation query, StepGrid grid, long hintStep) {
        this.query = query;
        this.grid = grid;
        this.hintStep = hintStep;
    }

    int steps() {
        return grid.steps();
    }

    /**
     * Prometheus's instant shortcut: a single-step evaluation with late name removal keeps samples with equal
     * labels apart instead of failing, leaving the decision to the end of the query.
     */
    boolean keepDuplicates() {
        return grid.singleStep() && query.delayedNameRemoval;
    }

    EvalValue eval(Plan plan) {
        query.checkpoint();
        return switch (plan) {
            case Plan.NumberLiteral n -> {
                double[] values = new double[steps()];
                java.util.Arrays.fill(values, n.value());
                yield new EvalValue.ScalarValue(values);
            }
            case Plan.StringLiteral s -> new EvalValue.StringResult(s.value());
            case Plan.Selector s -> s.smoothed() ? Smoothing.smoothedSelector(this, s)
                    : selector(s, SelectedPoints.VALUES);
            case Plan.RangeSelector r -> new EvalValue.MatrixValue(rangeSelectorPoints(r));
            case Plan.Subquery q -> new EvalValue.MatrixValue(subquery(q).series());
            case Plan.StepInvariant i -> stepInvariant(i);
            case Plan.Negate n -> negate(n);
            case Plan.Binary b -> binaryChain(b);
            case Plan.Aggregate a -> AggregationOperators.evaluate(this, a);
            case Plan.Call c -> FunctionCalls.evaluate(this, c);
        };
    }

    /** A chain of binary operators down the left operands, evaluated from the bottom up without recursing. */
    private EvalValue binaryChain(Plan.Binary outermost) {
        List<Plan.Binary> spine = new ArrayList<>();
        Plan node = outermost;
        while (node instanceof Plan.Binary b) {
            spine.add(b);
            node = b.lhs();
        }
        EvalValue value = eval(node);
        for (int i = spine.size() - 1; i >= 0; i--) {
            query.checkpoint();
            value = BinaryOperations.evaluate(this, spine.get(i), value);
        }
        return value;
    }

    EvalValue.VectorValue evalVector(Plan plan) {
        return (EvalValue.VectorValue) eval(plan);
    }

    double[] evalScalar(Plan plan) {
        return ((EvalValue.ScalarValue) eval(plan)).values();
    }

    // ------------------------------------------------------------------------------------------------------------
    // selectors

    /** The storage series of a selector, read over {@code [mint, maxt]}. */
    List<Series> select(Plan.Selector s, long mint, long maxt, long range, String function) {
        SelectHints hints = new SelectHints(Math.min(mint, maxt), maxt, hintStep, function, range);
        SeriesSet set = query.querier().select(false, hints, s.matchers().toArray(new Matcher[0]));
        List<Series> series = new ArrayList<>();
        while (set.next()) {
            series.add(set.at());
        }
        for (String warning : set.warnings()) {
            query.annotations.storageWarning(warning);
        }
        if (set.err() != null) {
            throw new QueryException(QueryErrorType.INTERNAL, "expanding series: " + set.err().getMessage(),
                    set.err());
        }
        return series;
    }

    /**
     * An instant selector: at each step the newest sample in {@code (t - lookback, t]} of {@code t = step time - offset}
     * (or {@code @ time - offset}), unless that sample is a stale marker.
     */
    EvalValue.VectorValue selector(Plan.Selector s, SelectedPoints points) {
        return selector(s, points, false, "");
    }

    /** What an instant selector's point at each step is made of. */
    enum SelectedPoints {
        /** the selected sample's value */
        VALUES,
        /** the selected sample's timestamp in seconds */
        SAMPLE_TIMES,
        /** the selected sample's start timestamp in seconds, 0 when it is unknown */
        START_TIMES
    }

    /**
     * @param points what each step's point is; a histogram sample's time or start time is a float point
     * @param floatsOnly fail, as Prometheus does for {@code info()}'s info series, when a histogram is selected
     */
    EvalValue.VectorValue selector(Plan.Selector s, SelectedPoints points, boolean floatsOnly, String function) {
        long lookback = query.lookbackDelta;
        long firstRef = s.at() != null ? s.at() - s.offset() : grid.start() - s.offset();
        long lastRef = s.at() != null ? s.at() - s.offset() : grid.lastTime() - s.offset();
        List<Series> storage = select(s, firstRef - lookback, lastRef, 0, function);
        int steps = steps();
        List<StepSeries> out = new ArrayList<>(storage.size());
        HistogramStatsIterator stats = new HistogramStatsIterator();
        SampleIterator reuse = null;
        for (Series series : storage) {
            query.checkpoint();
            SampleIterator raw = series.iterator(reuse);
            reuse = raw;
            SampleIterator it = query.reader(s, raw, stats);
            StepSeries result = new StepSeries(series.labels(), false, steps);
            if (s.at() != null) {
                lookupFixed(it, firstRef, lookback, result, points, floatsOnly);
            } else {
                lookupSteps(it, s.offset(), lookback, result, points, floatsOnly);
            }
            if (floatsOnly && result.hasHistograms()) {
                throw new QueryException(QueryErrorType.EXECUTION,
                        "this should be an info metric, with float samples: " + series.labels());
            }
            if (!result.isEmpty()) {
                long held = result.sampleCount();
                query.tracker.hold(held);
                for (int i = 0; i < steps; i++) {
                    if (result.present[i]) {
                        query.tracker.processed(grid.time(i), result.isHistogram(i)
                                ? Samples.histogramSize(result.histograms[i]) : 1);
                    }
                }
                out.add(result);
            }
        }
        return new EvalValue.VectorValue(out);
    }

    /** Each point is made of the sample selected at its step as {@code points} says. */
    private void lookupSteps(SampleIterator it, long offset, long lookback, StepSeries result,
            SelectedPoints points, boolean floatsOnly) {
        int steps = result.steps();
        boolean startTimes = points == SelectedPoints.START_TIMES;
        ValueType next = it.next();
        boolean hasPrev = false;
        long prevT = 0;
        long prevSt = 0;
        double prevV = 0;
        FloatHistogram prevH = null;
        for (int i = 0; i < steps; i++) {
            long ref = grid.time(i) - offset;
            if (next != ValueType.NONE && it.atT() <= ref - lookback) {
                next = it.seek(ref - lookback);
                hasPrev = false;
            }
            while (next != ValueType.NONE && it.atT() <= ref) {
                hasPrev = true;
                prevT = it.atT();
                if (startTimes) {
                    prevSt = it.atStartTimestamp();
                }
                if (next == ValueType.FLOAT) {
                    prevV = it.atValue();
                    prevH = null;
                } else {
                    prevH = it.atFloatHistogram();
                }
                next = it.next();
            }
            if (!hasPrev || prevT <= ref - lookback) {
                continue;
            }
            if (prevH != null ? StaleMarker.is(prevH.sum()) : StaleMarker.is(prevV)) {
                continue;
            }
            if (startTimes) {
                result.setFloat(i, prevSt / 1000.0);
            } else if (points == SelectedPoints.SAMPLE_TIMES && (prevH == null || !floatsOnly)) {
                result.setFloat(i, prevT / 1000.0);
            } else if (prevH != null) {
                result.setHistogram(i, prevH);
            } else {
                result.setFloat(i, prevV);
            }
        }
    }

    private static void lookupFixed(SampleIterator it, long ref, long lookback, StepSeries result,
            SelectedPoints points, boolean floatsOnly) {
        boolean startTimes = points == SelectedPoints.START_TIMES;
        ValueType type = it.seek(ref - lookback);
        boolean found = false;
        long t = 0;
        long st = 0;
        double v = 0;
        FloatHistogram h = null;
        while (type != ValueType.NONE && it.atT() <= ref) {
            found = true;
            t = it.atT();
            if (startTimes) {
                st = it.atStartTimestamp();
            }
            if (type == ValueType.FLOAT) {
                v = it.atValue();
                h = null;
            } else {
                h = it.atFloatHistogram();
            }
            type = it.next();
        }
        if (!found || t <= ref - lookback) {
            return;
        }
        if (h != null ? StaleMarker.is(h.sum()) : StaleMarker.is(v)) {
            return;
        }
        for (int i = 0; i < result.steps(); i++) {
            if (startTimes) {
                result.setFloat(i, st / 1000.0);
            } else if (points == SelectedPoints.SAMPLE_TIMES && (h == null || !floatsOnly)) {
                result.setFloat(i, t / 1000.0);
            } else if (h != null) {
                result.setHistogram(i, h);
            } else {
                result.setFloat(i, v);
            }
        }
    }

    /** The points of a range selector at the top of an instant query (anchored/smoothed ones extended). */
    private List<EvalValue.RawSeries> rangeSelectorPoints(Plan.RangeSelector r) {
        Plan.Selector s = r.selector();
        long maxt = (s.at() != null ? s.at() : grid.start()) - s.offset();
        long mint = maxt - r.range();
        long readMin = mint;
        long readMax = maxt;
        if (s.anchored()) {
            readMin -= query.lookbackDelta;
        } else if (s.smoothed()) {
            readMin -= query.lookbackDelta;
            readMax += query.lookbackDelta;
        }
        List<Series> storage = select(s, readMin + 1, readMax, r.range(), "");
        List<EvalValue.RawSeries> out = new ArrayList<>();
        RawPoints buffer = new RawPoints();
        SampleIterator reuse = null;
        for (Series series : storage) {
            query.checkpoint();
            SampleIterator it = series.iterator(reuse);
            reuse = it;
            buffer.read(it, readMin + 1, readMax);
            if (s.anchored() || s.smoothed()) {
                if (buffer.histogramCount > 0) {
                    throw new QueryException(QueryErrorType.EXECUTION, (s.anchored() ? "anchored" : "smoothed")
                            + " modifier is not supported with histograms");
                }
                Smoothing.extendFloats(buffer, mint, maxt, s.smoothed());
            }
            if (buffer.floatCount + buffer.histogramCount == 0) {
                continue;
            }
            EvalValue.RawSeries raw = buffer.toSeries(series.labels(), false);
            long held = raw.sampleCount();
            query.tracker.hold(held);
            query.tracker.processed(grid.start(), held);
            out.add(raw);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------------------
    // subqueries

    /** A subquery's evaluation: its series as raw points on its own grid. */
    record SubqueryResult(List<EvalValue.RawSeries> series, StepGrid grid) {}

    /**
     * Evaluates the subquery's expression on its own grid: from the first multiple of its step after
     * {@code (first outer time - offset - range)} to {@code last outer time - offset}, the outer time being the
     * {@code @} time when there is one.
     */
    SubqueryResult subquery(Plan.Subquery q) {
        long first = q.at() != null ? q.at() : grid.start();
        long last = q.at() != null ? q.at() : grid.lastTime();
        long end = last - q.offset();
        long from = first - q.offset() - q.range();
        long start = Math.floorDiv(from, q.step()) * q.step();
        if (start <= from) {
            start += q.step();
        }
        if (end < start) {
            return new SubqueryResult(List.of(), null);
        }
        StepGrid childGrid = new StepGrid(start, end, q.step());
        Evaluator child = new Evaluator(query, childGrid, q.step());
        EvalValue value = child.eval(q.expr());
        List<EvalValue.RawSeries> series = new ArrayList<>();
        switch (value) {
            case EvalValue.VectorValue v -> {
                for (StepSeries s : v.series()) {
                    series.add(RawPoints.fromSteps(s, childGrid));
                }
            }
            case EvalValue.ScalarValue s -> {
                StepSeries scalar = new StepSeries(io.amphora.model.Labels.empty(), false, s.values(),
                        filled(childGrid.steps()), null);
                series.add(RawPoints.fromSteps(scalar, childGrid));
            }
            default -> throw new IllegalStateException("subquery of " + q.expr().type());
        }
        return new SubqueryResult(series, childGrid);
    }

    static boolean[] filled(int steps) {
        boolean[] present = new boolean[steps];
        java.util.Arrays.fill(present, true);
        return present;
    }

    // ------------------------------------------------------------------------------------------------------------
    // step invariance, negation

    private EvalValue stepInvariant(Plan.StepInvariant i) {
        Evaluator once = new Evaluator(query, new StepGrid(grid.start(), grid.start(), grid.interval()), hintStep);
        long before = query.tracker.total();
        EvalValue value = once.eval(i.expr());
        int steps = steps();
        if (steps == 1) {
            return value;
        }
        long processedOnce = query.tracker.total() - before;
        for (int k = 1; k < steps; k++) {
            query.tracker.processed(grid.time(k), processedOnce);
        }
        return switch (value) {
            case EvalValue.ScalarValue s -> {
                double[] values = new double[steps];
                java.util.Arrays.fill(values, s.values()[0]);
                yield new EvalValue.ScalarValue(values);
            }
            case EvalValue.VectorValue v -> {
                List<StepSeries> out = new ArrayList<>(v.series().size());
                long added = 0;
                for (StepSeries s : v.series()) {
                    StepSeries r = new StepSeries(s.labels, s.dropName, steps);
                    if (s.isHistogram(0)) {
                        FloatHistogram h = s.histograms[0];
                        for (int k = 0; k < steps; k++) {
                            r.setHistogram(k, h);
                        }
                        added += (long) (steps - 1) * Samples.histogramSize(h);
                    } else {
                        java.util.Arrays.fill(r.values, s.values[0]);
                        java.util.Arrays.fill(r.present, true);
                        added += steps - 1;
                    }
                    out.add(r);
                }
                query.tracker.hold(added);
                yield new EvalValue.VectorValue(out);
            }
            default -> value;
        };
    }

    private EvalValue negate(Plan.Negate n) {
        EvalValue value = eval(n.expr());
        if (value instanceof EvalValue.ScalarValue s) {
            double[] v = s.values();
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
            return s;
        }
        EvalValue.VectorValue vector = (EvalValue.VectorValue) value;
        for (StepSeries s : vector.series()) {
            s.dropName = true;
            if (!query.delayedNameRemoval) {
                s.labels = LabelSets.withoutMetadata(s.labels);
            }
            for (int i = 0; i < s.present.length; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (s.isHistogram(i)) {
                    s.histograms[i] = HistogramMath.negate(s.histograms[i]);
                } else {
                    s.values[i] = -s.values[i];
                }
            }
        }
        if (!query.delayedNameRemoval) {
            return new EvalValue.VectorValue(Evaluation.mergeSameLabels(vector.series()));
        }
        return vector;
    }

    /** A position that Prometheus reports as {@code 1:1}: the range argument it built from a subquery. */
    static final PositionRange SUBQUERY_ARGUMENT_POSITION = new PositionRange(0, 0);
}
