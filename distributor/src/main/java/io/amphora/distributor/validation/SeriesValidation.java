package io.amphora.distributor.validation;

import io.amphora.distributor.remotewrite.IncomingSeries;
import io.amphora.distributor.remotewrite.PointCounts;
import io.amphora.model.Labels;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The outcome of {@link SeriesValidator#validate}: the series is accepted (perhaps in part) or rejected whole. */
public sealed interface SeriesValidation {
    /** Everything dropped, one entry per reason; empty when nothing was. */
    List<Discard> discards();

    /**
     * The labels are valid. {@code labels} are the series' labels ready for storage (sorted, empty values
     * dropped); {@code series} is the input minus the samples, histograms, exemplars or metadata listed in
     * {@code discards} (the input itself when nothing was dropped). It may be left with no points at all, when
     * every point was refused.
     */
    record Accepted(Labels labels, IncomingSeries series, List<Discard> discards) implements SeriesValidation {
        public Accepted {
            requireNonNull(labels, "labels is null");
            requireNonNull(series, "series is null");
            discards = List.copyOf(requireNonNull(discards, "discards is null"));
        }
    }

    /** The labels are invalid: nothing of the series may be stored; {@code discarded} is everything it held. */
    record Rejected(ValidationError error, PointCounts discarded) implements SeriesValidation {
        public Rejected {
            requireNonNull(error, "error is null");
            requireNonNull(discarded, "discarded is null");
        }

        @Override
        public List<Discard> discards() {
            return List.of(new Discard(error, discarded, 0));
        }
    }
}
