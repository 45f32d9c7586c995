package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.PointCounts;

import static java.util.Objects.requireNonNull;

/**
 * What validation dropped from one series for one reason: the first error of that reason (its message names the
 * first offending sample or exemplar), how many samples, histograms and exemplars it dropped, and how many
 * metadata entries (0 or 1; a 2.0 series' metadata is dropped on its own when too long, keeping the samples).
 */
public record Discard(ValidationError error, PointCounts discarded, int metadata) {
    public Discard {
        requireNonNull(error, "error is null");
        requireNonNull(discarded, "discarded is null");
        if (metadata < 0) {
            throw new IllegalArgumentException("metadata must not be negative: " + metadata);
        }
    }
}
