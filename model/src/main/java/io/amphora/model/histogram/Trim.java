package io.amphora.model.histogram;

/** PromQL's trim operators {@code </} and {@code >/} on native histograms (Prometheus {@code TrimBuckets}). */
final class Trim {
    private Trim() {}

    static FloatHistogram trim(FloatHistogram h, double cutoff, boolean keepBelow) {
        boolean custom = h.usesCustomBuckets();
        double[] positive = h.positiveBucketArray().clone();
        double[] negative = h.negativeBucketArray().clone();
        double updatedCount = 0;
        double updatedSum = 0;
        boolean trimmed = false;
        boolean hasPositive = false;
        boolean hasNegative = false;
        SideIterator it = new SideIterator();
        Bucket bucket = new Bucket();
        for (int side = 0; side < 2; side++) {
            boolean isPositive = side == 0;
            double[] counts = isPositive ? positive : negative;
            if (isPositive) {
                it.reset(h.positiveSpanArray(), h.positiveBucketArray(), h.schema(), true, h.customValueArray());
            } else {
                it.reset(h.negativeSpanArray(), h.negativeBucketArray(), h.schema(), false, new double[0]);
            }
            while (it.next()) {
                double count = it.count();
                if (count == 0) {
                    continue;
                }
                if (isPositive) {
                    hasPositive = true;
                } else {
                    hasNegative = true;
                }
                double lower = it.lower();
                double upper = it.upper();
                int i = it.arrayIndex();
                boolean keepAll = keepBelow ? upper <= cutoff : lower >= cutoff;
                boolean contains = keepBelow ? lower < cutoff : upper > cutoff;
                if (keepAll) {
                    updatedCount += count;
                    updatedSum += midpoint(lower, upper, isPositive, custom) * count;
                } else if (contains) {
                    bucket.set(lower, upper, count);
                    bucketTrim(bucket, cutoff, keepBelow, isPositive, custom);
                    updatedCount += bucket.keep;
                    updatedSum += bucket.midpoint * bucket.keep;
                    if (counts[i] != bucket.keep) {
                        counts[i] = bucket.keep;
                        trimmed = true;
                    }
                } else {
                    counts[i] = 0;
                    trimmed = true;
                }
            }
        }
        double zeroCount = h.zeroCount();
        if (zeroCount > 0) {
            bucket.set(-h.zeroThreshold(), h.zeroThreshold(), zeroCount);
            zeroBucketTrim(bucket, cutoff, hasNegative, hasPositive, keepBelow);
            if (zeroCount != bucket.keep) {
                zeroCount = bucket.keep;
                trimmed = true;
            }
            updatedSum += bucket.midpoint * bucket.keep;
            updatedCount += bucket.keep;
        }
        if (!trimmed) {
            return h;
        }
        return FloatHistogram.trusted(h.counterResetHint(), h.schema(), h.zeroThreshold(), zeroCount, updatedCount,
                updatedSum, h.positiveSpanArray(), positive, h.negativeSpanArray(), negative, h.customValueArray())
                .compact(0);
    }

    /** A bucket being trimmed, and what survives of it. */
    private static final class Bucket {
        double lower;
        double upper;
        double count;
        double keep;
        double midpoint;

        void set(double lower, double upper, double count) {
            this.lower = lower;
            this.upper = upper;
            this.count = count;
        }

        void result(double keep, double midpoint) {
            this.keep = keep;
            this.midpoint = midpoint;
        }
    }

    /** Where a surviving interval's observations are assumed to be on average. */
    private static double midpoint(double lower, double upper, boolean isPositive, boolean linear) {
        if (Double.isInfinite(lower)) {
            if (Double.isInfinite(upper)) {
                return 0;
            }
            if (upper > 0) {
                return upper / 2;
            }
            return upper;
        } else if (Double.isInfinite(upper)) {
            return lower;
        }
        if (linear) {
            return (lower + upper) / 2;
        }
        double geometricMean = Math.sqrt(Math.abs(lower * upper));
        return isPositive ? geometricMean : -geometricMean;
    }

    private static void bucketTrim(Bucket b, double cutoff, boolean keepBelow, boolean isPositive, boolean custom) {
        if (b.lower == Double.NEGATIVE_INFINITY || b.upper == Double.POSITIVE_INFINITY) {
            infiniteBucketTrim(b, cutoff, keepBelow);
            return;
        }
        double below;
        if (cutoff <= b.lower) {
            below = 0;
        } else if (cutoff >= b.upper) {
            below = b.count;
        } else {
            below = b.count * HistogramStatistics.fractionBelow(b.lower, b.upper, cutoff, custom);
        }
        if (keepBelow) {
            b.result(below, midpoint(b.lower, cutoff, isPositive, custom));
        } else {
            b.result(b.count - below, midpoint(cutoff, b.upper, isPositive, custom));
        }
    }

    private static double zeroIfInfinite(double x) {
        return Double.isInfinite(x) ? 0 : x;
    }

    /**
     * Buckets with an infinite bound: their observations cannot be placed, so they are kept or dropped whole, except
     * that a first custom bucket {@code (-Inf, upper]} with positive upper is treated as starting at zero.
     */
    private static void infiniteBucketTrim(Bucket b, double cutoff, boolean keepBelow) {
        if (b.lower == Double.NEGATIVE_INFINITY) {
            if (keepBelow) {
                if (cutoff >= b.upper) {
                    b.result(b.count, 0);
                } else if (cutoff > 0 && b.upper > 0 && b.upper != Double.POSITIVE_INFINITY) {
                    b.result(b.count * cutoff / b.upper, cutoff / 2);
                } else if (b.upper <= 0) {
                    b.result(b.count, cutoff);
                } else {
                    b.result(0, zeroIfInfinite(b.upper));
                }
                return;
            }
            if (cutoff <= b.lower) {
                b.result(b.count, 0);
            } else if (cutoff >= 0 && b.upper > cutoff && b.upper != Double.POSITIVE_INFINITY) {
                b.result(b.count * (1 - cutoff / b.upper), (cutoff + b.upper) / 2);
            } else {
                b.result(0, zeroIfInfinite(b.upper));
            }
            return;
        }
        if (keepBelow) {
            b.result(0, zeroIfInfinite(b.lower));
        } else if (cutoff >= b.lower) {
            b.result(b.count, cutoff);
        } else {
            b.result(0, zeroIfInfinite(b.lower));
        }
    }

    /**
     * The zero bucket is treated as {@code [0, threshold]} when only positive buckets are populated and as
     * {@code [-threshold, 0]} when only negative ones are, and interpolated linearly.
     */
    private static void zeroBucketTrim(Bucket b, double cutoff, boolean hasNegative, boolean hasPositive,
            boolean keepBelow) {
        double lower = b.lower;
        double upper = b.upper;
        if (hasNegative && !hasPositive) {
            upper = 0;
        }
        if (hasPositive && !hasNegative) {
            lower = 0;
        }
        double fraction;
        double midpoint;
        if (keepBelow) {
            if (cutoff <= lower) {
                b.result(0, 0);
                return;
            }
            if (cutoff >= upper) {
                b.result(b.count, (lower + upper) / 2);
                return;
            }
            fraction = (cutoff - lower) / (upper - lower);
            midpoint = (lower + cutoff) / 2;
        } else {
            if (cutoff <= lower) {
                b.result(b.count, (lower + upper) / 2);
                return;
            }
            if (cutoff >= upper) {
                b.result(0, 0);
                return;
            }
            fraction = (upper - cutoff) / (upper - lower);
            midpoint = (cutoff + upper) / 2;
        }
        b.result(b.count * fraction, midpoint);
    }
}
