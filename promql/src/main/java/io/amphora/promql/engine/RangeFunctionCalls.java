package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.amphora.model.Labels;
import io.amphora.model.histogram.CounterResetHint;
import io.amphora.model.histogram.FloatHistogram;
import io.amphora.model.histogram.HistogramKahanSum;
import io.amphora.model.histogram.HistogramMean;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.functions.FunctionAnnotation;
import io.amphora.promql.functions.HistogramRangeFunctions;
import io.amphora.promql.functions.RangeFunctions;
import io.amphora.promql.functions.RangeResult;
import io.amphora.storage.SampleIterator;
import io.amphora.storage.Series;

/**
 * Functions over range vectors ({@code rate(x[5m])}, {@code avg_over_time(x[5m:1m])}, ...). Each input series is read
 * once into primitive arrays; every step's window is an index range into them, found by pointers that only move
 * forward, and the numeric kernels of {@code io.amphora.promql.functions} compute on that range.
 */
final class RangeFunctionCalls {
    static final Set<String> ANCHORED_SAFE = Set.of("changes", "delta", "increase", "rate", "resets");
    static final Set<String> SMOOTHED_SAFE = Set.of("delta", "increase", "rate");

    private RangeFunctionCalls() {}

    /** The range functions, resolved once per call rather than by name at every step. */
    enum Kind {
        RATE, INCREASE, DELTA, IRATE, IDELTA, CHANGES, RESETS, SUM_OVER_TIME, AVG_OVER_TIME, COUNT_OVER_TIME, PRESENT_OVER_TIME, LAST_OVER_TIME, FIRST_OVER_TIME, TS_OF_FIRST_OVER_TIME, TS_OF_LAST_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME, TS_OF_MAX_OVER_TIME, TS_OF_MIN_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, MAD_OVER_TIME, QUANTILE_OVER_TIME, DERIV, PREDICT_LINEAR, DOUBLE_EXPONENTIAL_SMOOTHING, ABSENT_OVER_TIME;

        static Kind of(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }


    /** Where the windows of one input come from and how they are placed. */
    private static final class Source {
        List<Series> storage;
        List<EvalValue.RawSeries> points;
        long range;
        long offset;
        Long at;
        /** The range selector's selector; null for a subquery. */
        Plan.Selector selector;
        boolean anchored;
        boolean smoothed;
        PositionRange position;

        int size() {
            return storage != null ? storage.size() : points.size();
        }
    }

    static EvalValue evaluate(Evaluator ev, Plan.Call c, int matrixIndex) {
        String name = c.function().name();
        Plan arg = c.args().get(matrixIndex);
        Source source = new Source();
        if (arg instanceof Plan.Subquery q) {
            Evaluator.SubqueryResult result;
            ev.query.tracker.stopCounting();
            try {
                result = ev.subquery(q);
            } finally {
                ev.query.tracker.countAgain();
            }
            source.points = result.series();
            for (EvalValue.RawSeries s : source.points) {
                for (int i = 0; i < s.histogramCount; i++) {
                    CounterResetHint hint = s.histograms[i].counterResetHint();
                    if (hint == CounterResetHint.COUNTER_RESET || hint == CounterResetHint.NOT_COUNTER_RESET) {
                        s.histograms[i] = s.histograms[i].withCounterResetHint(CounterResetHint.UNKNOWN);
                    }
                }
            }
            source.range = q.range();
            source.offset = q.offset();
            source.at = q.at();
            source.position = Evaluator.SUBQUERY_ARGUMENT_POSITION;
        } else {
            Plan.RangeSelector r = (Plan.RangeSelector) arg;
            Plan.Selector s = r.selector();
            source.selector = s;
            source.range = r.range();
            source.offset = s.offset();
            source.at = s.at();
            source.anchored = s.anchored();
            source.smoothed = s.smoothed();
            source.position = r.position();
        }
        double[][] scalars = new double[c.args().size()][];
        for (int i = 0; i < c.args().size(); i++) {
            if (i != matrixIndex) {
                scalars[i] = ev.evalScalar(c.args().get(i));
            }
        }
        if (source.anchored && !ANCHORED_SAFE.contains(name)) {
            throw new QueryException(QueryErrorType.EXECUTION, "anchored modifier can only be used with: "
                    + "changes, delta, increase, rate, resets - not with " + name);
        }
        if (source.smoothed && !SMOOTHED_SAFE.contains(name)) {
            throw new QueryException(QueryErrorType.EXECUTION, "smoothed modifier can only be used with: "
                    + "delta, increase, rate - not with " + name);
        }
        long lookback = ev.query.lookbackDelta;
        long extraBefore = source.anchored || source.smoothed ? lookback : 0;
        long extraAfter = source.smoothed ? lookback : 0;
        if (source.storage == null && source.points == null) {
            Plan.RangeSelector r = (Plan.RangeSelector) arg;
            long first = (source.at != null ? source.at : ev.grid.start()) - source.offset;
            long last = (source.at != null ? source.at : ev.grid.lastTime()) - source.offset;
            source.storage = ev.select(r.selector(), first - source.range - extraBefore, last + extraAfter,
                    source.range, name);
        }
        EvalValue result = new Run(ev, c, name, source, scalars, matrixIndex, extraBefore, extraAfter).run();
        if (source.points != null) {
            long held = 0;
            for (EvalValue.RawSeries s : source.points) {
                held += s.sampleCount();
            }
            ev.query.tracker.release(held);
        }
        return result;
    }

    /** The functions whose kernels read start timestamps; for the others reading them would be wasted work. */
    private static boolean usesStartTimestamps(Kind kind) {
        return kind == Kind.RATE || kind == Kind.INCREASE || kind == Kind.IRATE || kind == Kind.RESETS;
    }

    /** One evaluation of a range function over all series and steps. */
    private static final class Run {
        private final Evaluator ev;
        private final Plan.Call call;
        private final String name;
        private final Kind kind;
        private final Source source;
        private final double[][] scalars;
        private final int matrixIndex;
        private final long extraBefore;
        private final long extraAfter;
        private final int steps;
        private final RangeResult result = new RangeResult();
        private final Annotations annotations;
        private double[] scratch = new double[16];
        private final HistogramKahanSum histogramSum = new HistogramKahanSum();
        private final HistogramMean histogramMean = new HistogramMean();

        Run(Evaluator ev, Plan.Call call, String name, Source source, double[][] scalars, int matrixIndex,
                long extraBefore, long extraAfter) {
            this.ev = ev;
            this.call = call;
            this.name = name;
            this.kind = Kind.of(name);
            this.source = source;
            this.scalars = scalars;
            this.matrixIndex = matrixIndex;
            this.extraBefore = extraBefore;
            this.extraAfter = extraAfter;
            this.steps = ev.steps();
            this.annotations = ev.query.annotations;
        }

        EvalValue run() {
            boolean dropNameByFunction = kind != Kind.LAST_OVER_TIME && kind != Kind.FIRST_OVER_TIME;
            List<StepSeries> out = new ArrayList<>(source.size());
            RawPoints buffer = new RawPoints();
            SampleIterator reuse = null;
            HistogramStatsIterator stats = new HistogramStatsIterator();
            boolean absentOverTime = kind == Kind.ABSENT_OVER_TIME;
            boolean[] anyPresent = absentOverTime ? new boolean[steps] : null;
            long firstRead = (source.at != null ? source.at : ev.grid.start()) - source.offset - source.range
                    - extraBefore;
            long lastRead = (source.at != null ? source.at : ev.grid.lastTime()) - source.offset + extraAfter;
            // Only range selectors carry start timestamps; subquery points never do (Prometheus drops them there).
            boolean startTimestamps = ev.query.startTimestamps && usesStartTimestamps(kind);
            for (int k = 0; k < source.size(); k++) {
                ev.query.checkpoint();
                Labels labels;
                boolean inputDropName;
                long[] ft;
                double[] fv;
                int fn;
                long[] ht;
                FloatHistogram[] hv;
                int hn;
                long[] fst;
                long[] hst;
                if (source.storage != null) {
                    Series series = source.storage.get(k);
                    SampleIterator raw = series.iterator(reuse);
                    reuse = raw;
                    buffer.read(source.selector == null ? raw : ev.query.reader(source.selector, raw, stats),
                            firstRead, lastRead, startTimestamps);
                    labels = series.labels();
                    inputDropName = false;
                    ft = buffer.floatTimes;
                    fv = buffer.floatValues;
                    fn = buffer.floatCount;
                    ht = buffer.histogramTimes;
                    hv = buffer.histograms;
                    hn = buffer.histogramCount;
                    fst = buffer.hasStartTimes ? buffer.floatStartTimes : null;
                    hst = buffer.hasStartTimes ? buffer.histogramStartTimes : null;
                } else {
                    EvalValue.RawSeries s = source.points.get(k);
                    labels = s.labels;
                    inputDropName = s.dropName;
                    ft = s.floatTimes;
                    fv = s.floatValues;
                    fn = s.floatCount;
                    ht = s.histogramTimes;
                    hv = s.histograms;
                    hn = s.histogramCount;
                    fst = null;
                    hst = null;
                }
                boolean dropName = dropNameByFunction || inputDropName;
                Labels outLabels = dropName && !ev.query.delayedNameRemoval ? LabelSets.withoutMetadata(labels)
                        : labels;
                StepSeries output = new StepSeries(outLabels, dropName, steps);
                String metricName = labels.metricName();
                int f0 = 0;
                int f1 = 0;
                int h0 = 0;
                int h1 = 0;
                boolean anyFloatOutput = false;
                for (int i = 0; i < steps; i++) {
                    long end = (source.at != null ? source.at : ev.grid.time(i)) - source.offset;
                    long windowStart = end - source.range - extraBefore;
                    long windowEnd = end + extraAfter;
                    if (source.at == null || i == 0) {
                        while (f1 < fn && ft[f1] <= windowEnd) {
                            f1++;
                        }
                        while (f0 < f1 && ft[f0] <= windowStart) {
                            f0++;
                        }
                        while (h1 < hn && ht[h1] <= windowEnd) {
                            h1++;
                        }
                        while (h0 < h1 && ht[h0] <= windowStart) {
                            h0++;
                        }
                    }
                    int floats = f1 - f0;
                    int hists = h1 - h0;
                    if (floats + hists == 0) {
                        continue;
                    }
                    long windowSamples = floats;
                    for (int h = h0; h < h1; h++) {
                        windowSamples += Samples.histogramSize(hv[h]);
                    }
                    ev.query.tracker.hold(windowSamples);
                    ev.query.tracker.processed(ev.grid.time(i), windowSamples);
                    ev.query.tracker.release(windowSamples);
                    if (absentOverTime) {
                        anyPresent[i] = true;
                        continue;
                    }
                    compute(i, end - source.range, end, ft, fv, fst, f0, f1, ht, hv, hst, h0, h1, metricName,
                            output);
                    anyFloatOutput |= output.isFloat(i);
                }
                if ((kind == Kind.RATE || kind == Kind.INCREASE) && !metricName.isEmpty() && anyFloatOutput
                        && !metricName.endsWith("_total") && !metricName.endsWith("_sum")
                        && !metricName.endsWith("_count") && !metricName.endsWith("_bucket")) {
                    annotations.info("metric might not be a counter, name does not end in "
                            + "_total/_sum/_count/_bucket: " + GoFloats.quote(metricName), argPosition());
                }
                if (!output.isEmpty()) {
                    ev.query.tracker.hold(output.sampleCount());
                    out.add(output);
                }
            }
            if (absentOverTime) {
                return absentOverTime(anyPresent);
            }
            if (!ev.query.delayedNameRemoval) {
                return new EvalValue.VectorValue(Evaluation.mergeSameLabels(checkDistinct(out)));
            }
            return new EvalValue.VectorValue(out);
        }

        private List<StepSeries> checkDistinct(List<StepSeries> out) {
            java.util.Set<Labels> seen = new java.util.HashSet<>();
            for (StepSeries s : out) {
                if (!seen.add(s.labels)) {
                    throw new QueryException(QueryErrorType.EXECUTION, OutputSeries.DUPLICATE_LABELSET);
                }
            }
            return out;
        }

        private EvalValue absentOverTime(boolean[] anyPresent) {
            Plan arg = call.args().get(matrixIndex);
            Labels labels = FunctionCalls.absentLabels(arg);
            StepSeries s = new StepSeries(labels, true, steps);
            for (int i = 0; i < steps; i++) {
                if (!anyPresent[i]) {
                    s.setFloat(i, 1);
                }
            }
            List<StepSeries> out = new ArrayList<>();
            if (!s.isEmpty()) {
                out.add(s);
            }
            return new EvalValue.VectorValue(out);
        }

        private PositionRange argPosition() {
            return source.position;
        }

        /** The position of argument {@code i} as Prometheus reports it (a subquery's is {@code 1:1}). */
        private PositionRange position(int i) {
            return i == matrixIndex ? source.position : call.args().get(i).position();
        }

        private double scalar(int arg, int step) {
            return scalars[arg][step];
        }

        private double[] scratch(int n) {
            if (scratch.length < n) {
                scratch = new double[Math.max(n, scratch.length * 2)];
            }
            return scratch;
        }

        private void mixedFloatsHistograms(String metricName) {
            annotations.warn("encountered a mix of histograms and floats for metric name "
                    + GoFloats.quote(metricName), argPosition());
        }

        private void ignoredHistograms(String metricName, PositionRange position) {
            annotations.info("ignored histograms in a range containing both floats and histograms for metric name "
                    + GoFloats.quote(metricName), position);
        }

        private void reportKernelAnnotations(String metricName) {
            int bits = result.annotationBits();
            if (bits == 0) {
                return;
            }
            for (FunctionAnnotation a : FunctionAnnotation.values()) {
                if (!result.has(a)) {
                    continue;
                }
                String quoted = GoFloats.quote(metricName);
                switch (a) {
                    case START_TIME_OVERLAP -> annotations.warn(
                            "sample has start time that overlaps with previous sample timestamp for metric " + quoted,
                            argPosition());
                    case MIXED_FLOATS_HISTOGRAMS -> mixedFloatsHistograms(metricName);
                    case MIXED_EXPONENTIAL_CUSTOM_HISTOGRAMS -> annotations.warn(Smoothing.mixedSchemas(metricName),
                            argPosition());
                    case NATIVE_HISTOGRAM_NOT_COUNTER -> annotations.warn(
                            "this native histogram metric is not a counter: " + quoted, argPosition());
                    case NATIVE_HISTOGRAM_NOT_GAUGE -> annotations.warn(
                            "this native histogram metric is not a gauge: " + quoted, argPosition());
                    case HISTOGRAM_COUNTER_RESET_COLLISION_AGG -> annotations.warn(
                            "conflicting counter resets during histogram aggregation", argPosition());
                    case MISMATCHED_CUSTOM_BUCKETS_ADD -> annotations.info(
                            "mismatched custom buckets were reconciled during addition", argPosition());
                    case MISMATCHED_CUSTOM_BUCKETS_SUB -> annotations.info(
                            "mismatched custom buckets were reconciled during subtraction", argPosition());
                    case MISMATCHED_CUSTOM_BUCKETS_AGG -> annotations.info(
                            "mismatched custom buckets were reconciled during aggregation", argPosition());
                }
            }
        }

        private void emit(StepSeries output, int step) {
            if (!result.present()) {
                return;
            }
            if (result.histogram() != null) {
                output.setHistogram(step, result.histogram());
            } else {
                output.setFloat(step, result.value());
            }
        }

        /** One function value for the window {@code [f0, f1)} / {@code [h0, h1)} at step {@code i}. */
        /**
         * @param fst start timestamps parallel to {@code ft}, or null when the engine does not use them or none is
         *     known; {@code hst} likewise for {@code ht}
         */
        private void compute(int i, long rangeStart, long rangeEnd, long[] ft, double[] fv, long[] fst, int f0,
                int f1, long[] ht, FloatHistogram[] hv, long[] hst, int h0, int h1, String metricName,
                StepSeries output) {
            int floats = f1 - f0;
            int hists = h1 - h0;
            switch (kind) {
                case RATE, INCREASE, DELTA -> {
                    boolean counter = kind != Kind.DELTA;
                    boolean isRate = kind == Kind.RATE;
                    if (floats > 0 && hists > 0) {
                        mixedFloatsHistograms(metricName);
                        return;
                    }
                    if (hists > 0 && (source.anchored || source.smoothed)) {
                        HistogramRangeFunctions.extendedRate(ht, hv, h0, h1, rangeStart, rangeEnd, source.smoothed,
                                counter, isRate, result);
                    } else if (hists > 0) {
                        HistogramRangeFunctions.extrapolatedRate(ht, hv, hst, h0, h1, rangeStart, rangeEnd, counter,
                                isRate, result);
                    } else if (source.anchored || source.smoothed) {
                        RangeFunctions.extendedRate(ft, fv, f0, f1, rangeStart, rangeEnd, source.smoothed, counter,
                                isRate, result);
                    } else {
                        RangeFunctions.extrapolatedRate(ft, fv, fst, f0, f1, rangeStart, rangeEnd, counter, isRate,
                                result);
                    }
                    reportKernelAnnotations(metricName);
                    emit(output, i);
                }
                case IRATE, IDELTA -> {
                    boolean isRate = kind == Kind.IRATE;
                    if (hists == 0) {
                        if (isRate) {
                            RangeFunctions.irate(ft, fv, fst, f0, f1, result);
                        } else {
                            RangeFunctions.idelta(ft, fv, f0, f1, result);
                        }
                    } else {
                        HistogramRangeFunctions.instantValue(ft, fv, fst, f0, f1, ht, hv, hst, h0, h1, isRate,
                                result);
                        reportKernelAnnotations(metricName);
                    }
                    emit(output, i);
                }
                case CHANGES, RESETS -> {
                    boolean changes = kind == Kind.CHANGES;
                    if (hists == 0) {
                        int from = f0;
                        if (source.anchored) {
                            from = RangeFunctions.anchoredFirstIndex(ft, f0, f1, rangeStart);
                            if (from < 0) {
                                return;
                            }
                        }
                        output.setFloat(i, changes ? RangeFunctions.changes(fv, from, f1)
                                : RangeFunctions.resets(ft, fv, fst, from, f1));
                    } else {
                        if (changes) {
                            HistogramRangeFunctions.changes(ft, fv, f0, f1, ht, hv, h0, h1, source.anchored,
                                    rangeStart, result);
                        } else {
                            HistogramRangeFunctions.resets(ft, fv, fst, f0, f1, ht, hv, hst, h0, h1,
                                    source.anchored, rangeStart, result);
                        }
                        emit(output, i);
                    }
                }
                case SUM_OVER_TIME, AVG_OVER_TIME -> {
                    if (floats > 0 && hists > 0) {
                        mixedFloatsHistograms(metricName);
                        return;
                    }
                    if (hists > 0) {
                        if (kind == Kind.SUM_OVER_TIME) {
                            HistogramRangeFunctions.sumOverTime(hv, h0, h1, histogramSum, result);
                        } else {
                            HistogramRangeFunctions.avgOverTime(hv, h0, h1, histogramMean, result);
                        }
                        reportKernelAnnotations(metricName);
                        emit(output, i);
                        return;
                    }
                    output.setFloat(i, kind == Kind.SUM_OVER_TIME ? RangeFunctions.sumOverTime(fv, f0, f1)
                            : RangeFunctions.avgOverTime(fv, f0, f1));
                }
                case COUNT_OVER_TIME -> output.setFloat(i, RangeFunctions.countOverTime(floats, hists));
                case PRESENT_OVER_TIME -> output.setFloat(i, RangeFunctions.presentOverTime());
                case LAST_OVER_TIME -> {
                    if (hists == 0 || (floats > 0 && ht[h1 - 1] < ft[f1 - 1])) {
                        output.setFloat(i, RangeFunctions.lastOverTime(fv, f0, f1));
                    } else {
                        output.setHistogram(i, hv[h1 - 1]);
                    }
                }
                case FIRST_OVER_TIME -> {
                    if (hists == 0 || (floats > 0 && ft[f0] < ht[h0])) {
                        output.setFloat(i, RangeFunctions.firstOverTime(fv, f0, f1));
                    } else {
                        output.setHistogram(i, hv[h0]);
                    }
                }
                case TS_OF_FIRST_OVER_TIME -> {
                    long tf = floats > 0 ? ft[f0] : Long.MAX_VALUE;
                    long th = hists > 0 ? ht[h0] : Long.MAX_VALUE;
                    output.setFloat(i, RangeFunctions.timestampSeconds(Math.min(tf, th)));
                }
                case TS_OF_LAST_OVER_TIME -> {
                    long tf = floats > 0 ? ft[f1 - 1] : 0;
                    long th = hists > 0 ? ht[h1 - 1] : 0;
                    output.setFloat(i, RangeFunctions.timestampSeconds(Math.max(tf, th)));
                }
                case MAX_OVER_TIME, MIN_OVER_TIME, TS_OF_MAX_OVER_TIME, TS_OF_MIN_OVER_TIME, STDDEV_OVER_TIME, STDVAR_OVER_TIME, MAD_OVER_TIME -> {
                    if (floats == 0) {
                        return;
                    }
                    if (hists > 0) {
                        ignoredHistograms(metricName, argPosition());
                    }
                    double v = switch (kind) {
                        case MAX_OVER_TIME -> RangeFunctions.maxOverTime(fv, f0, f1);
                        case MIN_OVER_TIME -> RangeFunctions.minOverTime(fv, f0, f1);
                        case TS_OF_MAX_OVER_TIME -> RangeFunctions.tsOfMaxOverTime(ft, fv, f0, f1);
                        case TS_OF_MIN_OVER_TIME -> RangeFunctions.tsOfMinOverTime(ft, fv, f0, f1);
                        case STDDEV_OVER_TIME -> RangeFunctions.stddevOverTime(fv, f0, f1);
                        case STDVAR_OVER_TIME -> RangeFunctions.stdvarOverTime(fv, f0, f1);
                        default -> RangeFunctions.madOverTime(fv, f0, f1, scratch(floats));
                    };
                    output.setFloat(i, v);
                }
                case QUANTILE_OVER_TIME -> {
                    if (floats == 0) {
                        return;
                    }
                    double q = scalar(0, i);
                    if (Double.isNaN(q) || q < 0 || q > 1) {
                        annotations.warn(AggregationOperators.invalidQuantile(q), position(0));
                    }
                    if (hists > 0) {
                        ignoredHistograms(metricName, position(0));
                    }
                    output.setFloat(i, RangeFunctions.quantileOverTime(q, fv, f0, f1, scratch(floats)));
                }
                case DERIV, PREDICT_LINEAR -> {
                    if (floats < 2) {
                        if (floats == 1 && hists > 0) {
                            ignoredHistograms(metricName, argPosition());
                        }
                        return;
                    }
                    double v = kind == Kind.DERIV ? RangeFunctions.deriv(ft, fv, f0, f1)
                            : RangeFunctions.predictLinear(ft, fv, f0, f1, scalar(1, i), ev.grid.time(i));
                    if (hists > 0) {
                        ignoredHistograms(metricName, argPosition());
                    }
                    output.setFloat(i, v);
                }
                case DOUBLE_EXPONENTIAL_SMOOTHING -> {
                    double sf = scalar(1, i);
                    double tf = scalar(2, i);
                    String error = RangeFunctions.smoothingFactorError(sf);
                    if (error == null) {
                        error = RangeFunctions.trendFactorError(tf);
                    }
                    if (error != null) {
                        throw new QueryException(QueryErrorType.EXECUTION, error);
                    }
                    if (floats < 2) {
                        if (floats == 1 && hists > 0) {
                            ignoredHistograms(metricName, argPosition());
                        }
                        return;
                    }
                    double v = RangeFunctions.doubleExponentialSmoothing(fv, f0, f1, sf, tf);
                    if (hists > 0) {
                        ignoredHistograms(metricName, argPosition());
                    }
                    output.setFloat(i, v);
                }
                default -> throw new QueryException(QueryErrorType.EXECUTION,
                        "function " + name + " does not take a range vector");
            }
        }
    }
}
