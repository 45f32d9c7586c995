package io.amphora.promql.functions;

import io.amphora.model.StaleMarker;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms: one group of
 * {@code _bucket} series (same labels apart from {@code le}) at one step, given as parallel arrays of upper
 * bounds (the parsed {@code le} values) and cumulative counts, in any order. Prometheus's {@code BucketQuantile}
 * and {@code BucketFraction}.
 *
 * <p>Both methods sort {@code [0, n)} of the two arrays together by upper bound and merge buckets with the same
 * bound (summing their counts) in place; the caller passes arrays it owns and must not rely on their content
 * afterwards. Precondition: {@code n >= 1} (Prometheus emits nothing for a group without buckets); parsing
 * {@code le} and reporting unparsable ones is the engine's job.
 */
public final class ClassicHistograms {
    /** Relative differences between neighbouring counts below this are floating point noise, not decreases. */
    static final double SMALL_DELTA_TOLERANCE = 1e-12;
    private static final double MIN_NORMAL = Double.MIN_NORMAL;

    private ClassicHistograms() {}

    /**
     * The φ-quantile of the classic histogram, interpolating linearly inside the bucket that holds rank
     * {@code q·count(+Inf)}. The lowest bucket starts at 0 if its upper bound is positive; a quantile that falls
     * into a lowest bucket with a bound at or below 0 is that bound; one that falls into the +Inf bucket is the
     * second-highest bound.
     *
     * <p>Before interpolating, counts that differ from the previous count by a relative 1e-12 or less are set equal
     * to it, and every count lower than the previous (kept) one is raised to it; the latter is reported in
     * {@code result} (see {@link BucketQuantileResult}).
     *
     * <p>Returns NaN for a NaN {@code q} (checked first), −Inf for {@code q < 0}, +Inf for {@code q > 1} (the
     * engine reports {@code NewInvalidQuantileWarning} for these, see {@link Aggregations#isValidQuantile}), and
     * NaN when the highest bound is not +Inf, when fewer than two distinct bounds remain, or when the +Inf bucket
     * is empty.
     *
     * @param result overwritten with the monotonicity findings and the returned quantile
     */
    public static double bucketQuantile(double q, double[] upperBounds, double[] counts, int n,
            BucketQuantileResult result) {
        result.reset();
        double quantile = computeQuantile(q, upperBounds, counts, n, result);
        result.setQuantile(quantile);
        return quantile;
    }

    private static double computeQuantile(double q, double[] upperBounds, double[] counts, int n,
            BucketQuantileResult result) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortByUpperBound(upperBounds, counts, n);
        if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(upperBounds, counts, n);
        ensureMonotonic(upperBounds, counts, n, result);
        if (n < 2) {
            return Double.NaN;
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = firstCountAtLeast(counts, n - 1, rank);
        if (b == n - 1) {
            return upperBounds[n - 2];
        }
        if (b == 0 && upperBounds[0] <= 0) {
            return upperBounds[0];
        }
        double bucketStart = 0;
        double bucketEnd = upperBounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = upperBounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    /**
     * {@code histogram_fraction(lower, upper, …)} of the classic histogram: the fraction of observations between
     * the two values, interpolating linearly inside the buckets that contain them (the lowest bucket starts at 0
     * if its bound is positive, else at −Inf, where nothing is interpolated; nothing of the +Inf bucket is
     * counted below a finite value). Bucket counts are used as they are (no monotonicity fix).
     *
     * <p>NaN when the highest bound is not +Inf, the +Inf bucket is empty, or either value is NaN; 0 when
     * {@code lower >= upper}.
     */
    public static double bucketFraction(double lower, double upper, double[] upperBounds, double[] counts, int n) {
        sortByUpperBound(upperBounds, counts, n);
        if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        n = coalesce(upperBounds, counts, n);
        double count = counts[n - 1];
        if (count == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        double lowerBound = upperBounds[0] <= 0 ? Double.NEGATIVE_INFINITY : 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                lowerBound = upperBounds[i - 1];
            }
            double upperBound = upperBounds[i];
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(lower, lowerBound, upperBound, rank, counts[i]);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(upper, lowerBound, upperBound, rank, counts[i]);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = counts[i];
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return (upperRank - lowerRank) / count;
    }

    /**
     * The cumulative count at {@code v} inside bucket {@code (lowerBound, upperBound]}: linear between the count
     * below the bucket and the bucket's count; inside the bucket that starts at −Inf the whole bucket is taken.
     */
    private static double interpolate(double v, double lowerBound, double upperBound, double rankBelow,
            double bucketCount) {
        if (lowerBound == Double.NEGATIVE_INFINITY) {
            return bucketCount;
        }
        return rankBelow + (bucketCount - rankBelow) * (v - lowerBound) / (upperBound - lowerBound);
    }

    /**
     * Stable sort of both arrays by upper bound (ascending; a NaN bound compares equal to everything, as in
     * Prometheus, and so stays where it is relative to its neighbours).
     */
    static void sortByUpperBound(double[] upperBounds, double[] counts, int n) {
        for (int i = 1; i < n; i++) {
            double bound = upperBounds[i];
            double count = counts[i];
            int j = i;
            while (j > 0 && bound < upperBounds[j - 1]) {
                upperBounds[j] = upperBounds[j - 1];
                counts[j] = counts[j - 1];
                j--;
            }
            upperBounds[j] = bound;
            counts[j] = count;
        }
    }

    /** Merges neighbours with the same bound (sorted input), summing counts; returns the new length. */
    static int coalesce(double[] upperBounds, double[] counts, int n) {
        double lastBound = upperBounds[0];
        double lastCount = counts[0];
        int out = 0;
        for (int i = 1; i < n; i++) {
            if (upperBounds[i] == lastBound) {
                lastCount += counts[i];
            } else {
                upperBounds[out] = lastBound;
                counts[out] = lastCount;
                out++;
                lastBound = upperBounds[i];
                lastCount = counts[i];
            }
        }
        upperBounds[out] = lastBound;
        counts[out] = lastCount;
        return out + 1;
    }

    private static void ensureMonotonic(double[] upperBounds, double[] counts, int n, BucketQuantileResult result) {
        double prev = counts[0];
        for (int i = 1; i < n; i++) {
            double curr = counts[i];
            if (curr == prev) {
                continue;
            }
            if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
                counts[i] = prev;
                result.markFixedPrecision();
                continue;
            }
            if (curr < prev) {
                counts[i] = prev;
                result.markForced(upperBounds[i], prev - curr);
                continue;
            }
            prev = curr;
        }
    }

    /** Prometheus's {@code almost.Equal}: relative difference below {@code epsilon}, NaN equal to NaN. */
    static boolean almostEqual(double a, double b, double epsilon) {
        boolean aStale = StaleMarker.is(a);
        boolean bStale = StaleMarker.is(b);
        if (aStale || bStale) {
            return aStale && bStale;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    /** Go's {@code sort.Search(n, i -> counts[i] >= rank)}, probing in the same order. */
    private static int firstCountAtLeast(double[] counts, int n, double rank) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (!(counts[mid] >= rank)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
