package io.amphora.distributor.remotewrite;

/**
 * How many float samples, native-histogram samples and exemplars something holds. The 2.0 response headers
 * ({@link RemoteWriteHeaders#SAMPLES_WRITTEN} and friends) are these three numbers for what was actually stored;
 * {@code cortex_discarded_samples_total} counts {@link #samplesAndHistograms()} and
 * {@code cortex_discarded_exemplars_total} counts {@link #exemplars()}.
 */
public record PointCounts(long samples, long histograms, long exemplars) {
    public static final PointCounts ZERO = new PointCounts(0, 0, 0);

    public PointCounts {
        if (samples < 0 || histograms < 0 || exemplars < 0) {
            throw new IllegalArgumentException("negative count: " + samples + "/" + histograms + "/" + exemplars);
        }
    }

    public static PointCounts ofSamples(long samples) {
        return new PointCounts(samples, 0, 0);
    }

    public static PointCounts ofHistograms(long histograms) {
        return new PointCounts(0, histograms, 0);
    }

    public static PointCounts ofExemplars(long exemplars) {
        return new PointCounts(0, 0, exemplars);
    }

    public PointCounts plus(PointCounts other) {
        return new PointCounts(samples + other.samples, histograms + other.histograms, exemplars + other.exemplars);
    }

    /** Float samples plus histogram samples: what Cortex counts as "samples" in its discard and ingest metrics. */
    public long samplesAndHistograms() {
        return samples + histograms;
    }

    public boolean isZero() {
        return samples == 0 && histograms == 0 && exemplars == 0;
    }
}
