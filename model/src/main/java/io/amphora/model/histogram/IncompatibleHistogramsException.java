package io.amphora.model.histogram;

/**
 * An exponential and a custom-bucket histogram were combined (added, subtracted, summed, averaged). PromQL maps it
 * to the warnings "vector contains a mix of histograms with exponential and custom buckets schemas" (aggregations
 * and range functions) or "incompatible bucket layout encountered for binary operator" (binary operators).
 * Custom-bucket histograms with different bounds do combine: see {@link CombinedHistogram#customBoundsReconciled()}.
 */
public final class IncompatibleHistogramsException extends HistogramException {
    public IncompatibleHistogramsException() {
        super(HistogramError.INCOMPATIBLE_SCHEMA, HistogramError.INCOMPATIBLE_SCHEMA.text());
    }
}
