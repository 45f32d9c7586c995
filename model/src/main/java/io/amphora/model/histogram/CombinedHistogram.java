package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * The result of adding or subtracting two histograms, with what PromQL turns into annotations.
 *
 * @param histogram the sum or difference, not compacted
 * @param counterResetCollision one operand was marked {@link CounterResetHint#COUNTER_RESET} and the other
 *     {@link CounterResetHint#NOT_COUNTER_RESET} (PromQL warns "conflicting counter resets during histogram ...")
 * @param customBoundsReconciled custom-bucket histograms with different bounds were combined over the bounds they
 *     share (PromQL's info "mismatched custom buckets were reconciled during ...")
 */
public record CombinedHistogram(FloatHistogram histogram, boolean counterResetCollision,
        boolean customBoundsReconciled) {
    public CombinedHistogram {
        requireNonNull(histogram, "histogram is null");
    }
}
