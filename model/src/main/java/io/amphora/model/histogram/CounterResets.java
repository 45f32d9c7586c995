package io.amphora.model.histogram;

/** Prometheus's counter-reset detection between two consecutive histograms of a series. */
final class CounterResets {
    private static final double[] NO_VALUES = new double[0];

    private CounterResets() {}

    /** See {@link FloatHistogram#detectReset(FloatHistogram)}. */
    static boolean detectReset(FloatHistogram current, FloatHistogram previous) {
        switch (current.counterResetHint()) {
            case COUNTER_RESET -> {
                return true;
            }
            case NOT_COUNTER_RESET -> {
                return false;
            }
            // A gauge should not meet counter functions, but PromQL lets it; it is compared like a counter.
            case UNKNOWN, GAUGE -> { }
        }
        if (current.count() < previous.count()) {
            return true;
        }
        if (current.usesCustomBuckets()) {
            if (!previous.usesCustomBuckets()) {
                return true;
            }
            if (!WorkingHistogram.sameBounds(current.customValueArray(), previous.customValueArray())) {
                return resetWithMismatchedCustomBounds(current, previous);
            }
        }
        if (current.schema() > previous.schema()) {
            return true;
        }
        double threshold = current.zeroThreshold();
        if (threshold < previous.zeroThreshold()) {
            return true;
        }
        SideIterator positive = new SideIterator().reset(previous.positiveSpanArray(), previous.positiveBucketArray(),
                previous.schema(), true, previous.customValueArray());
        SideIterator negative = new SideIterator().reset(previous.negativeSpanArray(), previous.negativeBucketArray(),
                previous.schema(), false, NO_VALUES);
        ZeroWidening widened = new ZeroWidening().widen(positive, negative, threshold, previous.zeroCount(),
                previous.zeroThreshold(), 0, false);
        if (widened.threshold != threshold) {
            return true;
        }
        if (current.zeroCount() < widened.zeroCount) {
            return true;
        }
        SideIterator currentSide = new SideIterator()
                .reset(current.positiveSpanArray(), current.positiveBucketArray(), current.schema(), true,
                        current.customValueArray())
                .merging(current.schema(), threshold);
        positive.merging(current.schema(), threshold);
        if (bucketDecreased(currentSide, positive)) {
            return true;
        }
        currentSide.reset(current.negativeSpanArray(), current.negativeBucketArray(), current.schema(), false,
                        NO_VALUES)
                .merging(current.schema(), threshold);
        negative.merging(current.schema(), threshold);
        return bucketDecreased(currentSide, negative);
    }

    /** Whether a populated bucket of {@code previous} is missing from or larger than in {@code current}. */
    private static boolean bucketDecreased(SideIterator current, SideIterator previous) {
        if (!previous.next()) {
            return false;
        }
        if (!current.next()) {
            return anyPopulatedLeft(previous);
        }
        int currentIndex = current.index();
        double currentCount = current.count();
        while (true) {
            while (currentIndex < previous.index()) {
                if (!current.next()) {
                    return anyPopulatedLeft(previous);
                }
                currentIndex = current.index();
                currentCount = current.count();
            }
            if (currentIndex > previous.index()) {
                if (previous.count() != 0) {
                    return true;
                }
            } else if (currentCount < previous.count()) {
                return true;
            }
            if (!previous.next()) {
                return false;
            }
        }
    }

    /** Whether the current or a later bucket of {@code previous} is populated. */
    private static boolean anyPopulatedLeft(SideIterator previous) {
        do {
            if (previous.count() != 0) {
                return true;
            }
        } while (previous.next());
        return false;
    }

    /**
     * Custom-bucket histograms with different bounds: for each bound both share (and +Inf), the counts of all
     * buckets up to that bound are compared.
     */
    private static boolean resetWithMismatchedCustomBounds(FloatHistogram current, FloatHistogram previous) {
        double[] currentBounds = current.customValueArray();
        double[] previousBounds = previous.customValueArray();
        Rollup currentRollup = new Rollup(new SideIterator().reset(current.positiveSpanArray(),
                current.positiveBucketArray(), current.schema(), true, currentBounds));
        Rollup previousRollup = new Rollup(new SideIterator().reset(previous.positiveSpanArray(),
                previous.positiveBucketArray(), previous.schema(), true, previousBounds));
        int i = 0;
        int j = 0;
        while (i <= currentBounds.length && j <= previousBounds.length) {
            double currentBound = i < currentBounds.length ? currentBounds[i] : Double.POSITIVE_INFINITY;
            double previousBound = j < previousBounds.length ? previousBounds[j] : Double.POSITIVE_INFINITY;
            if (currentBound == previousBound) {
                if (currentRollup.sumUpTo(currentBound) < previousRollup.sumUpTo(currentBound)) {
                    return true;
                }
                i++;
                j++;
            } else if (currentBound < previousBound) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    /** Sums consecutive buckets up to growing bounds, each bucket once. */
    private static final class Rollup {
        private final SideIterator buckets;
        private boolean started;
        private boolean more;

        Rollup(SideIterator buckets) {
            this.buckets = buckets;
        }

        double sumUpTo(double bound) {
            if (started && !more) {
                return 0;
            }
            if (!started) {
                started = true;
                if (!buckets.next()) {
                    more = false;
                    return 0;
                }
            }
            double sum = 0;
            while (buckets.upper() <= bound) {
                sum += buckets.count();
                if (!buckets.next()) {
                    more = false;
                    return sum;
                }
            }
            more = true;
            return sum;
        }
    }
}
