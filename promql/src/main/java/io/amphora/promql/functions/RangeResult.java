package io.amphora.promql.functions;

import io.amphora.model.histogram.FloatHistogram;

/**
 * The reusable outcome of one kernel call for kernels whose "no point" condition depends on the data: whether
 * Prometheus emits a point for this series at this step, the float value or the histogram, and the annotation
 * conditions found (which may be set even when there is no point).
 *
 * <p>Each kernel resets the holder before it writes, so the engine keeps one per evaluation and reads it after each
 * call. Not thread-safe.
 */
public final class RangeResult {
    private boolean present;
    private double value;
    private FloatHistogram histogram;
    private int annotations;

    /** An empty result (no point, no annotations). */
    public RangeResult() {}

    /** Whether Prometheus emits a point: either {@link #value()} or {@link #histogram()} holds it. */
    public boolean present() {
        return present;
    }

    /** The float result; meaningful only when {@link #present()} and {@link #histogram()} is null. */
    public double value() {
        return value;
    }

    /** The histogram result, or null when the result is a float or there is no point. */
    public FloatHistogram histogram() {
        return histogram;
    }

    /** Whether the kernel found {@code annotation}'s condition. */
    public boolean has(FunctionAnnotation annotation) {
        return (annotations & annotation.bit()) != 0;
    }

    /** All conditions found, as {@link FunctionAnnotation#bit()}s; 0 when none. */
    public int annotationBits() {
        return annotations;
    }

    /** Back to no point and no annotations. */
    public void reset() {
        present = false;
        value = 0;
        histogram = null;
        annotations = 0;
    }

    void setFloat(double v) {
        present = true;
        value = v;
        histogram = null;
    }

    void setHistogram(FloatHistogram h) {
        present = true;
        value = 0;
        histogram = h;
    }

    void noPoint() {
        present = false;
        value = 0;
        histogram = null;
    }

    void clearAnnotations() {
        annotations = 0;
    }

    void annotate(FunctionAnnotation annotation) {
        annotations |= annotation.bit();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("RangeResult{");
        if (!present) {
            b.append("no point");
        } else if (histogram != null) {
            b.append(histogram);
        } else {
            b.append(value);
        }
        for (FunctionAnnotation a : FunctionAnnotation.values()) {
            if (has(a)) {
                b.append(", ").append(a);
            }
        }
        return b.append('}').toString();
    }
}
