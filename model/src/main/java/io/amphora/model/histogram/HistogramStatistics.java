package io.amphora.model.histogram;

import static java.util.Objects.requireNonNull;

/**
 * PromQL's statistics of native histograms, as Prometheus computes them: {@code histogram_quantile},
 * {@code histogram_fraction}, {@code histogram_stddev}, {@code histogram_stdvar}, {@code histogram_count},
 * {@code histogram_sum} and {@code histogram_avg}.
 *
 * <p>Observations are assumed to spread within a bucket evenly on a logarithmic scale in exponential buckets
 * (exponential interpolation) and evenly on a linear scale in custom buckets and in the zero bucket (linear
 * interpolation). The zero bucket is taken as {@code [0, threshold]} when the histogram has positive but no negative
 * buckets, and as {@code [-threshold, 0]} in the opposite case. NaN observations count in the histogram's count but
 * in no bucket; a NaN sum signals that there may be some.
 *
 * <p>The {@code estimate*} variants also report the information annotations Prometheus adds
 * ({@link Estimate#note()}). Thread-safe; the overloads taking a {@link BucketCursor} reuse it instead of allocating
 * one per call (a cursor must not be shared between threads).
 */
public final class HistogramStatistics {
    private HistogramStatistics() {}

    /** An information annotation PromQL adds to a statistic. */
    public enum Note {
        NONE,
        /** "input to histogram_quantile has NaN observations, result is NaN". */
        QUANTILE_NAN_RESULT,
        /** "input to histogram_quantile has NaN observations, result is skewed higher". */
        QUANTILE_NAN_SKEW,
        /** "input to histogram_fraction has NaN observations, which are excluded from all fractions". */
        FRACTION_NANS_EXCLUDED
    }

    /** A statistic and the annotation that comes with it. */
    public record Estimate(double value, Note note) {
        public Estimate {
            requireNonNull(note, "note is null");
        }
    }

    /** {@code histogram_count}: the number of observations. */
    public static double count(FloatHistogram h) {
        return h.count();
    }

    /** {@code histogram_sum}: the sum of observations. */
    public static double sum(FloatHistogram h) {
        return h.sum();
    }

    /** {@code histogram_avg}: sum divided by count (NaN for an empty histogram). */
    public static double avg(FloatHistogram h) {
        return h.sum() / h.count();
    }

    /** {@code histogram_quantile(q, h)}; see {@link #estimateQuantile}. */
    public static double quantile(double q, FloatHistogram h) {
        return estimateQuantile(q, h).value();
    }

    /**
     * {@code histogram_quantile(q, h)}: −Inf for {@code q < 0}, +Inf for {@code q > 1}, NaN for a NaN {@code q} or
     * an empty histogram. The bucket holding the rank {@code q·count} is found from the low end (for
     * {@code q < 0.5} or a NaN sum) or the high end, and the quantile is interpolated inside it. In custom buckets
     * the first bucket is taken to start at 0 (or its upper bound is the answer if that is ≤ 0) and the +Inf bucket
     * answers with its lower bound. If NaN observations leave the rank unreached, the result is NaN
     * ({@link Note#QUANTILE_NAN_RESULT}); if they may have pushed it up, {@link Note#QUANTILE_NAN_SKEW}.
     */
    public static Estimate estimateQuantile(double q, FloatHistogram h) {
        return estimateQuantile(q, h, new BucketCursor());
    }

    /** {@link #estimateQuantile(double, FloatHistogram)} walking the buckets with {@code cursor}. */
    public static Estimate estimateQuantile(double q, FloatHistogram h, BucketCursor cursor) {
        if (q < 0) {
            return new Estimate(Double.NEGATIVE_INFINITY, Note.NONE);
        }
        if (q > 1) {
            return new Estimate(Double.POSITIVE_INFINITY, Note.NONE);
        }
        double total = h.count();
        if (total == 0 || Double.isNaN(q)) {
            return new Estimate(Double.NaN, Note.NONE);
        }
        boolean nanSum = Double.isNaN(h.sum());
        boolean fromBelow = nanSum || q < 0.5;
        BucketCursor it = cursor;
        double rank;
        if (fromBelow) {
            it.all(h);
            rank = q * total;
        } else {
            it.allDescending(h);
            rank = (1 - q) * total;
        }
        double lower = 0;
        double upper = 0;
        double bucketCount = 0;
        double count = 0;
        while (it.next()) {
            lower = it.lower();
            upper = it.upper();
            bucketCount = it.count();
            if (bucketCount == 0) {
                continue;
            }
            count += bucketCount;
            if (count >= rank) {
                break;
            }
        }
        boolean custom = h.usesCustomBuckets();
        if (!custom && lower < 0 && upper > 0) {
            if (h.negativeBucketCount() == 0 && h.positiveBucketCount() > 0) {
                lower = 0;
            } else if (h.positiveBucketCount() == 0 && h.negativeBucketCount() > 0) {
                upper = 0;
            }
        } else if (custom) {
            if (lower == Double.NEGATIVE_INFINITY) {
                if (upper <= 0) {
                    return new Estimate(upper, Note.NONE);
                }
                lower = 0;
            } else if (upper == Double.POSITIVE_INFINITY) {
                return new Estimate(lower, Note.NONE);
            }
        }
        if (count > total) {
            count = total;
        }
        if (count < rank) {
            if (nanSum) {
                return new Estimate(Double.NaN, Note.QUANTILE_NAN_RESULT);
            }
            return new Estimate(upper, Note.NONE);
        }
        if (fromBelow) {
            rank -= count - bucketCount;
        } else {
            rank = count - rank;
        }
        Note note = Note.NONE;
        if (nanSum) {
            while (it.next()) {
                count += it.count();
            }
            if (count < total) {
                note = Note.QUANTILE_NAN_SKEW;
            }
        }
        double fraction = rank / bucketCount;
        if (custom || (lower <= 0 && upper >= 0)) {
            return new Estimate(lower + (upper - lower) * fraction, note);
        }
        double logLower = log2(Math.abs(lower));
        double logUpper = log2(Math.abs(upper));
        if (lower > 0) {
            return new Estimate(exp2(logLower + (logUpper - logLower) * fraction), note);
        }
        return new Estimate(-exp2(logUpper + (logLower - logUpper) * (1 - fraction)), note);
    }

    /** {@code histogram_fraction(lower, upper, h)}; see {@link #estimateFraction}. */
    public static double fraction(double lower, double upper, FloatHistogram h) {
        return estimateFraction(lower, upper, h).value();
    }

    /**
     * {@code histogram_fraction(lower, upper, h)}: the estimated share of observations between the bounds; NaN for
     * an empty histogram or a NaN bound, 0 if {@code lower >= upper}. Bounds inside a bucket are interpolated as
     * described above; buckets with an infinite bound contribute nothing of themselves to a partial bucket. NaN
     * observations are in no bucket, so the fractions then add up to less than 1
     * ({@link Note#FRACTION_NANS_EXCLUDED}).
     */
    public static Estimate estimateFraction(double lower, double upper, FloatHistogram h) {
        return estimateFraction(lower, upper, h, new BucketCursor());
    }

    /** {@link #estimateFraction(double, double, FloatHistogram)} walking the buckets with {@code cursor}. */
    public static Estimate estimateFraction(double lower, double upper, FloatHistogram h, BucketCursor cursor) {
        double total = h.count();
        if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return new Estimate(Double.NaN, Note.NONE);
        }
        if (lower >= upper) {
            return new Estimate(0, Note.NONE);
        }
        boolean custom = h.usesCustomBuckets();
        boolean onlyPositive = h.negativeBucketCount() == 0 && h.positiveBucketCount() > 0;
        boolean onlyNegative = h.positiveBucketCount() == 0 && h.negativeBucketCount() > 0;
        double count = 0;
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        BucketCursor it = cursor.all(h);
        while (it.next()) {
            double bucketLower = it.lower();
            double bucketUpper = it.upper();
            double bucketCount = it.count();
            count += bucketCount;
            boolean zeroBucket = false;
            if (bucketLower <= 0 && bucketUpper >= 0) {
                zeroBucket = true;
                if (onlyPositive) {
                    bucketLower = 0;
                } else if (onlyNegative) {
                    bucketUpper = 0;
                }
            }
            if (!lowerSet && bucketLower >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && bucketLower >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            boolean linear = custom || zeroBucket;
            if (!lowerSet && bucketLower < lower && bucketUpper > lower) {
                lowerRank = rankAt(lower, rank, bucketLower, bucketUpper, bucketCount, linear);
                lowerSet = true;
            }
            if (!upperSet && bucketLower < upper && bucketUpper > upper) {
                upperRank = rankAt(upper, rank, bucketLower, bucketUpper, bucketCount, linear);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank += bucketCount;
        }
        Note note = Note.NONE;
        if (Double.isNaN(h.sum())) {
            while (it.next()) {
                count += it.count();
            }
            if (count < total) {
                note = Note.FRACTION_NANS_EXCLUDED;
            }
        } else {
            count = total;
        }
        if (!lowerSet || lowerRank > count) {
            lowerRank = count;
        }
        if (!upperSet || upperRank > count) {
            upperRank = count;
        }
        return new Estimate((upperRank - lowerRank) / total, note);
    }

    /** The cumulative count at {@code v}, which lies strictly inside the bucket. */
    private static double rankAt(double v, double rank, double lower, double upper, double count, boolean linear) {
        if (linear && lower == Double.NEGATIVE_INFINITY) {
            return count;
        }
        return rank + count * fractionBelow(lower, upper, v, linear);
    }

    /**
     * The share of the bucket {@code (lower, upper)} at or below {@code v} (strictly inside it), linearly or on a
     * logarithmic scale (negative buckets mirrored) — Prometheus's {@code Bucket.FractionBelow}.
     */
    static double fractionBelow(double lower, double upper, double v, boolean linear) {
        if (linear) {
            return (v - lower) / (upper - lower);
        }
        double logLower = log2(Math.abs(lower));
        double logUpper = log2(Math.abs(upper));
        double logV = log2(Math.abs(v));
        if (v > 0) {
            return (logV - logLower) / (logUpper - logLower);
        }
        return 1 - ((logV - logUpper) / (logLower - logUpper));
    }

    /** {@code histogram_stddev}: the square root of {@link #stdVar}. */
    public static double stdDev(FloatHistogram h) {
        return Math.sqrt(stdVar(h));
    }

    /**
     * {@code histogram_stdvar}: the population variance, estimated by placing every bucket's observations at one
     * point: the arithmetic middle of custom buckets, zero in the zero bucket, and the geometric middle of
     * exponential buckets ({@code ±sqrt(lower·upper)}); squared deviations from {@code sum/count} are summed with
     * compensation. Custom buckets with an infinite bound therefore give an infinite variance when populated.
     */
    public static double stdVar(FloatHistogram h) {
        return stdVar(h, new BucketCursor());
    }

    /** {@link #stdVar(FloatHistogram)} walking the buckets with {@code cursor}. */
    public static double stdVar(FloatHistogram h, BucketCursor cursor) {
        double mean = h.sum() / h.count();
        boolean custom = h.usesCustomBuckets();
        double variance = 0;
        double c = 0;
        BucketCursor it = cursor.all(h);
        while (it.next()) {
            double bucketCount = it.count();
            if (bucketCount == 0) {
                continue;
            }
            double lower = it.lower();
            double upper = it.upper();
            double value;
            if (custom) {
                value = (upper + lower) / 2.0;
            } else if (lower <= 0 && upper >= 0) {
                value = 0;
            } else {
                value = Math.sqrt(upper * lower);
                if (upper < 0) {
                    value = -value;
                }
            }
            double delta = value - mean;
            double increment = bucketCount * delta * delta;
            c = Kahan.compensation(increment, variance, c);
            variance = Kahan.sum(increment, variance);
        }
        variance += c;
        return variance / h.count();
    }

    /** 1/ln(2), correctly rounded. */
    private static final double LOG2_E = 1.4426950408889634;

    /**
     * Base-2 logarithm the way Go's {@code math.Log2} computes it: split into mantissa in [0.5, 1) and exponent,
     * exact for powers of two (the exponential bucket bounds of schemas ≤ 0), otherwise the exponent plus the
     * mantissa's natural logarithm times 1/ln 2 (fdlibm's logarithm, as Go's).
     */
    static double log2(double x) {
        if (Double.isNaN(x) || x < 0) {
            return Double.NaN;
        }
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        int shift = 0;
        if (x < Double.MIN_NORMAL) {
            x = Math.scalb(x, 64);
            shift = 64;
        }
        int exponent = Math.getExponent(x) + 1;
        double mantissa = Math.scalb(x, -exponent);
        exponent -= shift;
        if (mantissa == 0.5) {
            return exponent - 1;
        }
        return StrictMath.log(mantissa) * LOG2_E + exponent;
    }

    /**
     * 2 to the power {@code x}; exact for integers. Go's {@code math.Exp2} may differ in the last bit for
     * fractional {@code x}, which the exponential interpolation of quantiles inherits.
     */
    static double exp2(double x) {
        return StrictMath.pow(2, x);
    }
}
