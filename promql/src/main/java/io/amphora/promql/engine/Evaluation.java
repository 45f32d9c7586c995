package io.amphora.promql.engine;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.AmphoraException;
import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.ValueType;
import io.amphora.storage.Querier;
import io.amphora.storage.Queryable;

import static java.util.Objects.requireNonNull;

/**
 * One query's evaluation: plans the expression for the query's time range, opens one querier over the whole data
 * range it needs, evaluates the plan on the query's step grid, removes metric names late when configured, and turns
 * the result into the API's value types. Holds everything per query (annotations, sample accounting, deadline).
 */
final class Evaluation {
    static final String EVAL_ENV = "expression evaluation";

    final EngineOptions engineOptions;
    final InstantSource clock;
    final String query;
    final long start;
    final long end;
    /** The query step; 0 for instant queries. */
    final long step;
    final boolean instant;
    final long lookbackDelta;
    final boolean delayedNameRemoval;
    /** {@code use-start-timestamps}: range functions and {@code start_timestamp()} read samples' start timestamps. */
    final boolean startTimestamps;
    final Annotations annotations = new Annotations();
    final SampleTracker tracker;
    private final Queryable queryable;
    private final QueryOptions queryOptions;
    private final long deadline;
    private Querier querier;
    /** Selectors whose histograms only feed {@code histogram_count/sum/avg} (see {@link HistogramStatsIterator}). */
    private final java.util.Set<Plan.Selector> statsOnlySelectors =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int checks;

    Evaluation(EngineOptions engineOptions, QueryOptions queryOptions, InstantSource clock, Queryable queryable,
            String query, long start, long end, long step, boolean instant) {
        this.engineOptions = requireNonNull(engineOptions, "engineOptions is null");
        this.queryOptions = requireNonNull(queryOptions, "queryOptions is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.queryable = requireNonNull(queryable, "queryable is null");
        this.query = requireNonNull(query, "query is null");
        this.start = start;
        this.end = end;
        this.step = step;
        this.instant = instant;
        this.lookbackDelta = (queryOptions.lookbackDelta() != null ? queryOptions.lookbackDelta()
                : engineOptions.lookbackDelta()).toMillis();
        this.delayedNameRemoval = engineOptions.delayedNameRemoval();
        this.startTimestamps = engineOptions.startTimestamps();
        long timeout = engineOptions.timeout().toMillis();
        if (queryOptions.timeout() != null) {
            timeout = Math.min(timeout, queryOptions.timeout().toMillis());
        }
        this.deadline = saturatedAdd(clock.millis(), timeout);
        this.tracker = new SampleTracker(engineOptions.maxSamples(), grid(), queryOptions.perStepStats());
    }

    private StepGrid grid() {
        return instant ? StepGrid.instant(start) : new StepGrid(start, end, step);
    }

    QueryResult run(Expr expr) {
        Plan plan = new Planner(start, end, step, engineOptions.defaultSubqueryStep().toMillis()).plan(expr);
        HistogramStatsSelectors.find(plan, statsOnlySelectors);
        long[] range = DataRange.of(plan, start, end, lookbackDelta);
        try (Querier opened = queryable.querier(range[0], range[1])) {
            this.querier = opened;
            EvalValue value = new Evaluator(this, grid()).eval(plan);
            if (delayedNameRemoval) {
                value = removeNamesLate(value);
            }
            QueryValue result = toResult(value, plan.type());
            checkpoint();
            return new QueryResult(result, annotations.warnings(query), annotations.infos(query), tracker.stats());
        } catch (AmphoraException e) {
            throw new QueryException(QueryErrorType.INTERNAL, e.getMessage(), e);
        }
    }

    Querier querier() {
        return querier;
    }

    /**
     * The iterator to read a selector's series with: as it is, or wrapped in {@code stats} (reset to it) when the
     * selector's histograms only feed {@code histogram_count/sum/avg}.
     */
    io.amphora.storage.SampleIterator reader(Plan.Selector selector, io.amphora.storage.SampleIterator it,
            HistogramStatsIterator stats) {
        return statsOnlySelectors.contains(selector) ? stats.reset(it) : it;
    }

    /** Fails the query when it ran out of time or was cancelled; called between series and steps. */
    void checkpoint() {
        if (queryOptions.cancelled().getAsBoolean()) {
            throw new QueryException(QueryErrorType.CANCELED, "query was canceled in " + EVAL_ENV);
        }
        if (clock.millis() > deadline) {
            throw new QueryException(QueryErrorType.TIMEOUT, "query timed out in " + EVAL_ENV);
        }
    }

    /** A cheaper {@link #checkpoint()} for inner loops: looks at the clock every 256 calls. */
    void tick() {
        if ((++checks & 0xff) == 0) {
            checkpoint();
        }
    }

    /** Prometheus's {@code cleanupMetricLabels}: drop the names marked for dropping, then merge equal label sets. */
    private EvalValue removeNamesLate(EvalValue value) {
        return switch (value) {
            case EvalValue.VectorValue v -> {
                for (StepSeries s : v.series()) {
                    if (s.dropName) {
                        s.labels = LabelSets.withoutMetadata(s.labels);
                        s.dropName = false;
                    }
                }
                yield new EvalValue.VectorValue(mergeSameLabels(v.series()));
            }
            case EvalValue.MatrixValue m -> {
                for (EvalValue.RawSeries s : m.series()) {
                    if (s.dropName) {
                        s.labels = LabelSets.withoutMetadata(s.labels);
                        s.dropName = false;
                    }
                }
                yield new EvalValue.MatrixValue(mergeSameLabelsRaw(m.series()));
            }
            default -> value;
        };
    }

    /**
     * Merges series that ended up with equal labels (Prometheus {@code mergeSeriesWithSameLabelset}); fails with
     * "vector cannot contain metrics with the same labelset" when two of them have a point at the same step.
     */
    static List<StepSeries> mergeSameLabels(List<StepSeries> series) {
        if (series.size() <= 1) {
            return series;
        }
        Map<Labels, StepSeries> first = new HashMap<>();
        List<StepSeries> merged = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            StepSeries target = first.putIfAbsent(s.labels, s);
            if (target == null) {
                merged.add(s);
                continue;
            }
            for (int i = 0; i < s.present.length; i++) {
                if (!s.present[i]) {
                    continue;
                }
                if (target.present[i]) {
                    throw new QueryException(QueryErrorType.EXECUTION, OutputSeries.DUPLICATE_LABELSET);
                }
                if (s.isHistogram(i)) {
                    target.setHistogram(i, s.histograms[i]);
                } else {
                    target.setFloat(i, s.values[i]);
                }
            }
        }
        return merged;
    }

    private static List<EvalValue.RawSeries> mergeSameLabelsRaw(List<EvalValue.RawSeries> series) {
        if (series.size() <= 1) {
            return series;
        }
        Map<Labels, List<EvalValue.RawSeries>> groups = new HashMap<>();
        List<Labels> order = new ArrayList<>();
        for (EvalValue.RawSeries s : series) {
            groups.computeIfAbsent(s.labels, l -> {
                order.add(l);
                return new ArrayList<>();
            }).add(s);
        }
        if (order.size() == series.size()) {
            return series;
        }
        List<EvalValue.RawSeries> merged = new ArrayList<>(order.size());
        for (Labels labels : order) {
            List<EvalValue.RawSeries> group = groups.get(labels);
            if (group.size() == 1) {
                merged.add(group.getFirst());
                continue;
            }
            merged.add(RawPoints.merge(labels, group));
        }
        return merged;
    }

    private QueryValue toResult(EvalValue value, ValueType type) {
        if (instant) {
            return switch (value) {
                case EvalValue.StringResult s -> new StringValue(start, s.value());
                case EvalValue.ScalarValue s -> new Scalar(start, s.values()[0]);
                case EvalValue.VectorValue v -> {
                    List<Sample> samples = new ArrayList<>(v.series().size());
                    for (StepSeries s : v.series()) {
                        if (!s.present[0]) {
                            continue;
                        }
                        samples.add(s.isHistogram(0) ? Sample.ofHistogram(s.labels, start, s.histograms[0])
                                : Sample.ofFloat(s.labels, start, s.values[0]));
                    }
                    yield new Vector(samples);
                }
                case EvalValue.MatrixValue m -> {
                    List<RangeSeries> result = new ArrayList<>(m.series().size());
                    for (EvalValue.RawSeries s : m.series()) {
                        result.add(RawPoints.toRangeSeries(s));
                    }
                    result.sort(Comparator.comparing(RangeSeries::labels));
                    yield new Matrix(result);
                }
            };
        }
        StepGrid grid = grid();
        List<RangeSeries> result = new ArrayList<>();
        switch (value) {
            case EvalValue.ScalarValue s -> {
                long[] times = new long[grid.steps()];
                for (int i = 0; i < times.length; i++) {
                    times[i] = grid.time(i);
                }
                result.add(new RangeSeries(Labels.empty(), times, s.values().clone(), new long[0],
                        new FloatHistogram[0]));
            }
            case EvalValue.VectorValue v -> {
                for (StepSeries s : v.series()) {
                    RangeSeries converted = toRangeSeries(s, grid);
                    if (converted.pointCount() > 0) {
                        result.add(converted);
                    }
                }
            }
            default -> throw new IllegalStateException("range query of " + type.documentedName());
        }
        result.sort(Comparator.comparing(RangeSeries::labels));
        return new Matrix(result);
    }

    private static RangeSeries toRangeSeries(StepSeries s, StepGrid grid) {
        int floats = 0;
        int histograms = 0;
        for (int i = 0; i < s.present.length; i++) {
            if (s.present[i]) {
                if (s.isHistogram(i)) {
                    histograms++;
                } else {
                    floats++;
                }
            }
        }
        long[] ft = new long[floats];
        double[] fv = new double[floats];
        long[] ht = new long[histograms];
        FloatHistogram[] hv = new FloatHistogram[histograms];
        int f = 0;
        int h = 0;
        for (int i = 0; i < s.present.length; i++) {
            if (!s.present[i]) {
                continue;
            }
            if (s.isHistogram(i)) {
                ht[h] = grid.time(i);
                hv[h++] = s.histograms[i];
            } else {
                ft[f] = grid.time(i);
                fv[f++] = s.values[i];
            }
        }
        return new RangeSeries(s.labels, ft, fv, ht, hv);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
