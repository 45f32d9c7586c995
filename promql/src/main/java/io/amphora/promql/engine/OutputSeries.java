package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.amphora.model.Labels;
import io.amphora.model.histogram.FloatHistogram;

/**
 * Collects the output series of an operator whose output labels are only known per point (binary operations,
 * set operators, functions that relabel): points with equal label sets go to one series, created at the first
 * point (whose {@code dropName} it keeps), as Prometheus's {@code rangeEval} does.
 *
 * <p>Two points with the same labels at the same step are Prometheus's "vector cannot contain metrics with the
 * same labelset", except when the evaluation is a single step and the metric name is removed late: Prometheus then
 * keeps both (its instant shortcut) and only fails if they are still equal once the names are gone. Callers look a
 * series up once per label set and keep the index. Not thread-safe.
 */
final class OutputSeries {
    static final String DUPLICATE_LABELSET = "vector cannot contain metrics with the same labelset";

    private final int steps;
    private final boolean keepDuplicates;
    private final StepErrors errors;
    private final List<StepSeries> series = new ArrayList<>();
    private final Map<Labels, Integer> byLabels = new HashMap<>();

    OutputSeries(int steps, boolean keepDuplicates, StepErrors errors) {
        this.steps = steps;
        this.keepDuplicates = keepDuplicates;
        this.errors = errors;
    }

    /** The index of the series with these labels, created (empty) when new. */
    int series(Labels labels, boolean dropName) {
        Integer index = byLabels.get(labels);
        if (index != null) {
            return index;
        }
        int created = series.size();
        series.add(new StepSeries(labels, dropName, steps));
        byLabels.put(labels, created);
        return created;
    }

    void putFloat(int index, int step, double value) {
        StepSeries target = target(index, step);
        if (target != null) {
            target.setFloat(step, value);
        }
    }

    void putHistogram(int index, int step, FloatHistogram histogram) {
        StepSeries target = target(index, step);
        if (target != null) {
            target.setHistogram(step, histogram);
        }
    }

    private StepSeries target(int index, int step) {
        StepSeries s = series.get(index);
        if (!s.present[step]) {
            return s;
        }
        if (keepDuplicates) {
            StepSeries duplicate = new StepSeries(s.labels, s.dropName, steps);
            series.add(duplicate);
            return duplicate;
        }
        errors.record(step, StepErrors.PHASE_COLLECT, DUPLICATE_LABELSET);
        return null;
    }

    /** The collected series that have at least one point, in creation order. */
    List<StepSeries> result() {
        List<StepSeries> out = new ArrayList<>(series.size());
        for (StepSeries s : series) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
