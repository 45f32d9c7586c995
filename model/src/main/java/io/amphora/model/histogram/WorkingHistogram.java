package io.amphora.model.histogram;

import java.util.Arrays;

/**
 * A mutable float histogram that the arithmetic of {@link FloatHistogram} and the accumulators run on, optionally
 * carrying a Kahan compensation histogram with the same layout (Prometheus's {@code KahanAdd} keeps the
 * compensation in a second histogram; here it lives in the parallel {@code comps} arrays of the sides and the
 * {@code *Comp} fields). Every step follows Prometheus's order of floating-point operations so that results agree
 * bit for bit. Reusable; not thread-safe.
 */
final class WorkingHistogram {
    static final int COUNTER_RESET_COLLISION = 1;
    static final int CUSTOM_BOUNDS_RECONCILED = 2;

    private static final double[] NO_VALUES = new double[0];

    CounterResetHint hint = CounterResetHint.UNKNOWN;
    int schema;
    double zeroThreshold;
    double zeroCount;
    double count;
    double sum;
    double[] customValues = NO_VALUES;
    final BucketSide positive = new BucketSide();
    final BucketSide negative = new BucketSide();

    /** Whether a compensation histogram exists (Prometheus: the compensation histogram is non-nil). */
    boolean compensated;
    CounterResetHint compHint = CounterResetHint.UNKNOWN;
    double zeroCountComp;
    double countComp;
    double sumComp;

    private final BucketSide scratch = new BucketSide();
    private final BucketSide otherPositive = new BucketSide();
    private final BucketSide otherNegative = new BucketSide();
    private final SideIterator iterator = new SideIterator();
    private final SideIterator negativeIterator = new SideIterator();

    private final ZeroWidening widening = new ZeroWidening();
    private double otherZeroComp;

    boolean usesCustomBuckets() {
        return schema == Histogram.CUSTOM_BUCKETS_SCHEMA;
    }

    /**
     * Loads a copy of {@code h} the way Prometheus copies before computing: a custom-bucket histogram keeps no zero
     * bucket and no negative side, an exponential one no custom values. No compensation.
     */
    WorkingHistogram load(FloatHistogram h) {
        hint = h.counterResetHint();
        schema = h.schema();
        count = h.count();
        sum = h.sum();
        positive.load(h.positiveSpanArray(), h.positiveBucketArray());
        if (h.usesCustomBuckets()) {
            zeroThreshold = 0;
            zeroCount = 0;
            negative.clear();
            customValues = h.customValueArray();
        } else {
            zeroThreshold = h.zeroThreshold();
            zeroCount = h.zeroCount();
            negative.load(h.negativeSpanArray(), h.negativeBucketArray());
            customValues = NO_VALUES;
        }
        compensated = false;
        return this;
    }

    void copyFrom(WorkingHistogram other) {
        hint = other.hint;
        schema = other.schema;
        zeroThreshold = other.zeroThreshold;
        zeroCount = other.zeroCount;
        count = other.count;
        sum = other.sum;
        customValues = other.customValues;
        positive.copyFrom(other.positive);
        negative.copyFrom(other.negative);
        compensated = other.compensated;
        compHint = other.compHint;
        zeroCountComp = other.zeroCountComp;
        countComp = other.countComp;
        sumComp = other.sumComp;
    }

    FloatHistogram toFloatHistogram() {
        return FloatHistogram.trusted(hint, schema, zeroThreshold, zeroCount, count, sum, positive.spans(),
                positive.valuesCopy(), negative.spans(), negative.valuesCopy(), customValues);
    }

    /** The compensation histogram as Prometheus holds it: the value's layout with the compensation terms. */
    FloatHistogram compensationHistogram() {
        return FloatHistogram.trusted(compHint, schema, zeroThreshold, zeroCountComp, countComp, sumComp,
                positive.spans(), positive.compsCopy(), negative.spans(), negative.compsCopy(), customValues);
    }

    /**
     * Adds (or subtracts) {@code other} into this histogram: Prometheus's {@code Add}/{@code Sub}, or {@code KahanAdd}
     * when {@code kahan} (which starts the compensation histogram if there is none yet).
     *
     * @return {@link #COUNTER_RESET_COLLISION} and/or {@link #CUSTOM_BOUNDS_RECONCILED}
     * @throws IncompatibleHistogramsException if one histogram uses custom buckets and the other does not; nothing
     *     is changed then
     */
    int combine(FloatHistogram other, boolean subtract, boolean kahan) {
        if (usesCustomBuckets() != other.usesCustomBuckets()) {
            throw new IncompatibleHistogramsException();
        }
        int flags = adjustCounterReset(other.counterResetHint()) ? COUNTER_RESET_COLLISION : 0;
        if (kahan && !compensated) {
            compensated = true;
            compHint = hint;
            zeroCountComp = 0;
            countComp = 0;
            sumComp = 0;
            positive.zeroCompensation();
            negative.zeroCompensation();
        }
        if (!usesCustomBuckets()) {
            double otherZeroCount = reconcileZeroBuckets(other, kahan);
            if (kahan) {
                addToZeroCount(otherZeroCount);
                addToZeroCount(otherZeroComp);
            } else if (subtract) {
                zeroCount -= otherZeroCount;
            } else {
                zeroCount += otherZeroCount;
            }
        }
        if (kahan) {
            double c = Kahan.compensation(other.count(), count, countComp);
            count = Kahan.sum(other.count(), count);
            countComp = c;
            c = Kahan.compensation(other.sum(), sum, sumComp);
            sum = Kahan.sum(other.sum(), sum);
            sumComp = c;
        } else if (subtract) {
            count -= other.count();
            sum -= other.sum();
        } else {
            count += other.count();
            sum += other.sum();
        }

        if (usesCustomBuckets()) {
            double[] otherBounds = other.customValueArray();
            if (sameBounds(customValues, otherBounds)) {
                iterator.reset(other.positiveSpanArray(), other.positiveBucketArray(), schema, true, customValues);
                merge(positive, iterator, subtract, kahan);
            } else {
                flags |= CUSTOM_BOUNDS_RECONCILED;
                double[] intersection = intersectBounds(customValues, otherBounds);
                mapToBounds(other, otherBounds, intersection, subtract, kahan);
                customValues = intersection;
            }
            return flags;
        }

        int otherSchema = other.schema();
        if (otherSchema < schema) {
            positive.reduceInto(scratch, schema, otherSchema, kahan);
            positive.swap(scratch);
            negative.reduceInto(scratch, schema, otherSchema, kahan);
            negative.swap(scratch);
            schema = otherSchema;
        }
        if (otherSchema > schema) {
            otherPositive.load(other.positiveSpanArray(), other.positiveBucketArray());
            otherPositive.reduceInto(scratch, otherSchema, schema, kahan);
            otherPositive.swap(scratch);
            otherNegative.load(other.negativeSpanArray(), other.negativeBucketArray());
            otherNegative.reduceInto(scratch, otherSchema, schema, kahan);
            otherNegative.swap(scratch);
            iterator.reset(otherPositive, kahan, schema, true, NO_VALUES);
            merge(positive, iterator, subtract, kahan);
            iterator.reset(otherNegative, kahan, schema, false, NO_VALUES);
            merge(negative, iterator, subtract, kahan);
        } else {
            iterator.reset(other.positiveSpanArray(), other.positiveBucketArray(), schema, true, NO_VALUES);
            merge(positive, iterator, subtract, kahan);
            iterator.reset(other.negativeSpanArray(), other.negativeBucketArray(), schema, false, NO_VALUES);
            merge(negative, iterator, subtract, kahan);
        }
        return flags;
    }

    /** Prometheus's {@code CustomBucketBoundsMatch}: same length and pairwise {@code ==} (NaN never matches). */
    static boolean sameBounds(double[] a, double[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    private void addToZeroCount(double increment) {
        double c = Kahan.compensation(increment, zeroCount, zeroCountComp);
        zeroCount = Kahan.sum(increment, zeroCount);
        zeroCountComp = c;
    }

    /**
     * Prometheus's {@code adjustCounterReset}: equal hints stay, a gauge on either side makes a gauge, an unknown on
     * either side makes unknown, and a reset meeting a not-reset is a collision that also makes unknown.
     */
    private boolean adjustCounterReset(CounterResetHint other) {
        if (other == hint || hint == CounterResetHint.GAUGE) {
            return false;
        }
        if (other == CounterResetHint.GAUGE) {
            hint = CounterResetHint.GAUGE;
            return false;
        }
        if (hint == CounterResetHint.UNKNOWN) {
            return false;
        }
        hint = CounterResetHint.UNKNOWN;
        return other != CounterResetHint.UNKNOWN;
    }

    /**
     * Widens the zero buckets of this histogram and (virtually) of {@code other} until both have the same threshold,
     * one that does not cut through a populated bucket of either. Buckets of this histogram swallowed by the zero
     * bucket are removed (and the histogram compacted); {@code other} stays as it is.
     *
     * @return the zero count {@code other} would have with the common threshold ({@link #otherZeroComp} receives
     *     its compensation term)
     */
    private double reconcileZeroBuckets(FloatHistogram other, boolean withComps) {
        double otherZeroCount = other.zeroCount();
        double otherThreshold = other.zeroThreshold();
        otherZeroComp = 0;
        // NaN thresholds never become equal; Prometheus would loop forever, here nothing is widened.
        while (otherThreshold != zeroThreshold && !Double.isNaN(otherThreshold) && !Double.isNaN(zeroThreshold)) {
            if (zeroThreshold > otherThreshold) {
                iterator.reset(other.positiveSpanArray(), other.positiveBucketArray(), other.schema(), true,
                        NO_VALUES);
                negativeIterator.reset(other.negativeSpanArray(), other.negativeBucketArray(), other.schema(), false,
                        NO_VALUES);
                widening.widen(iterator, negativeIterator, zeroThreshold, other.zeroCount(), other.zeroThreshold(), 0,
                        false);
                otherZeroCount = widening.zeroCount;
                otherThreshold = widening.threshold;
                otherZeroComp = widening.comp;
            }
            if (otherThreshold > zeroThreshold) {
                iterator.reset(positive, withComps, schema, true, NO_VALUES);
                negativeIterator.reset(negative, withComps, schema, false, NO_VALUES);
                widening.widen(iterator, negativeIterator, otherThreshold, zeroCount, zeroThreshold,
                        withComps ? zeroCountComp : 0, withComps);
                zeroCount = widening.zeroCount;
                zeroThreshold = widening.threshold;
                if (withComps) {
                    zeroCountComp = widening.comp;
                }
                trimBucketsInZeroBucket(withComps);
            }
        }
        return otherZeroCount;
    }

    /** Empties the buckets inside the (widened) zero bucket, whose counts it already holds, then compacts. */
    private void trimBucketsInZeroBucket(boolean withComps) {
        iterator.reset(positive, false, schema, true, NO_VALUES);
        while (iterator.next()) {
            if (iterator.lower() >= zeroThreshold) {
                break;
            }
            positive.values[iterator.arrayIndex()] = 0;
            if (withComps) {
                positive.comps[iterator.arrayIndex()] = 0;
            }
        }
        iterator.reset(negative, false, schema, false, NO_VALUES);
        while (iterator.next()) {
            if (iterator.upper() <= -zeroThreshold) {
                break;
            }
            negative.values[iterator.arrayIndex()] = 0;
            if (withComps) {
                negative.comps[iterator.arrayIndex()] = 0;
            }
        }
        compact(0, withComps);
    }

    /**
     * Adds the buckets walked by {@code b} (ascending index, this histogram's schema) into {@code side}. A bucket
     * of {@code b} at an index {@code side} lacks is inserted: it extends the span just before it if adjacent,
     * otherwise the span just after it if adjacent and it stands alone, otherwise it starts a new span (which the
     * following buckets of {@code b} extend); spans are never merged. Leading buckets of {@code b} whose upper
     * bound is ≤ the zero threshold are ignored (exponential schemas), as their counts are in the zero bucket.
     */
    private void merge(BucketSide side, SideIterator b, boolean subtract, boolean kahan) {
        BucketSide out = scratch;
        out.clear();
        boolean haveB = b.next();
        if (HistogramValidation.isExponentialSchema(schema)) {
            while (haveB && BucketBounds.exponentialUpperBound(b.index(), schema) <= zeroThreshold) {
                haveB = b.next();
            }
        }
        int aBucket = 0;
        long previousEnd = 0;
        long outEnd = 0;
        for (int s = 0; s <= side.spanCount; s++) {
            boolean lastGap = s == side.spanCount;
            long start = lastGap ? Long.MAX_VALUE : previousEnd + side.offsets[s];
            boolean hasPrevious = s > 0;
            boolean prefix = false;
            double prefixValue = 0;
            double prefixComp = 0;
            while (haveB && b.index() < start) {
                long runStart = b.index();
                if (hasPrevious && runStart == previousEnd) {
                    while (haveB && b.index() < start && b.index() == outEnd) {
                        out.append(signed(b.count(), subtract), signed(b.comp(), subtract));
                        outEnd++;
                        haveB = b.next();
                    }
                } else if (!lastGap && runStart == start - 1) {
                    prefix = true;
                    prefixValue = signed(b.count(), subtract);
                    prefixComp = signed(b.comp(), subtract);
                    haveB = b.next();
                } else {
                    out.openSpan((int) (runStart - outEnd));
                    outEnd = runStart;
                    while (haveB && b.index() < start && b.index() == outEnd) {
                        out.append(signed(b.count(), subtract), signed(b.comp(), subtract));
                        outEnd++;
                        haveB = b.next();
                    }
                }
            }
            if (lastGap) {
                break;
            }
            long spanStart = prefix ? start - 1 : start;
            out.openSpan((int) (spanStart - outEnd));
            if (prefix) {
                out.append(prefixValue, prefixComp);
            }
            int length = side.lengths[s];
            for (int j = 0; j < length; j++, aBucket++) {
                double value = side.values[aBucket];
                double comp = side.comps[aBucket];
                if (haveB && b.index() == start + j) {
                    double bValue = signed(b.count(), subtract);
                    if (kahan) {
                        double bComp = signed(b.comp(), subtract);
                        comp = Kahan.compensation(bValue, value, comp);
                        value = Kahan.sum(bValue, value);
                        if (bComp != 0) {
                            comp = Kahan.compensation(bComp, value, comp);
                            value = Kahan.sum(bComp, value);
                        }
                    } else {
                        value += bValue;
                    }
                    haveB = b.next();
                }
                out.append(value, comp);
            }
            previousEnd = start + length;
            outEnd = previousEnd;
        }
        side.swap(out);
    }

    private static double signed(double value, boolean negate) {
        return negate ? -value : value;
    }

    /** The custom bounds present in both (ascending) bound lists. */
    static double[] intersectBounds(double[] a, double[] b) {
        double[] result = new double[Math.min(a.length, b.length)];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                result[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return n == result.length ? result : Arrays.copyOf(result, n);
    }

    /**
     * Adds custom-bucket histograms with different bounds: every bucket of either goes to the bucket of the
     * intersected bounds that contains it, all sums are compensated, and empty result buckets are left out
     * (Prometheus's {@code addCustomBucketsWithMismatches}; without {@code kahan} the compensation terms are
     * dropped).
     */
    private void mapToBounds(FloatHistogram other, double[] otherBounds, double[] intersection, boolean subtract,
            boolean kahan) {
        int targets = intersection.length + 1;
        double[] sums = new double[targets];
        double[] comps = new double[targets];
        iterator.reset(positive, kahan, schema, true, customValues);
        mapBuckets(iterator, customValues, intersection, sums, comps, false, kahan);
        iterator.reset(other.positiveSpanArray(), other.positiveBucketArray(), schema, true, otherBounds);
        mapBuckets(iterator, otherBounds, intersection, sums, comps, subtract, false);
        BucketSide out = scratch;
        out.clear();
        int lastIndex = -1;
        for (int i = 0; i < targets; i++) {
            if (sums[i] == 0 && comps[i] == 0) {
                continue;
            }
            if (out.spanCount == 0 || i != lastIndex + 1) {
                out.openSpan(out.spanCount == 0 ? i : i - lastIndex - 1);
            }
            out.append(sums[i], comps[i]);
            lastIndex = i;
        }
        positive.swap(out);
    }

    private static void mapBuckets(SideIterator it, double[] bounds, double[] intersection, double[] sums,
            double[] comps, boolean subtract, boolean withComps) {
        int intersectIndex = 0;
        while (it.next()) {
            int target = sums.length - 1;
            int source = it.index();
            if (source < bounds.length) {
                double bound = bounds[source];
                while (intersectIndex < intersection.length) {
                    if (intersection[intersectIndex] >= bound) {
                        target = intersectIndex;
                        break;
                    }
                    intersectIndex++;
                }
            }
            double value = subtract ? -it.count() : it.count();
            double c = Kahan.compensation(value, sums[target], comps[target]);
            sums[target] = Kahan.sum(value, sums[target]);
            comps[target] = c;
            if (withComps) {
                double comp = it.comp();
                c = Kahan.compensation(comp, sums[target], comps[target]);
                sums[target] = Kahan.sum(comp, sums[target]);
                comps[target] = c;
            }
        }
    }

    void compact(int maxEmptyBuckets, boolean withComps) {
        positive.compactInto(scratch, maxEmptyBuckets, withComps);
        positive.swap(scratch);
        negative.compactInto(scratch, maxEmptyBuckets, withComps);
        negative.swap(scratch);
    }

    /** Prometheus's {@code Mul}: scales counts and sum; a negative factor makes a gauge. */
    void mul(double factor) {
        zeroCount *= factor;
        count *= factor;
        sum *= factor;
        scale(positive.values, positive.bucketCount, factor);
        scale(negative.values, negative.bucketCount, factor);
        if (factor < 0) {
            hint = CounterResetHint.GAUGE;
        }
    }

    /** Prometheus's {@code Div}: dividing by zero also removes all buckets; a negative divisor makes a gauge. */
    void div(double divisor) {
        zeroCount /= divisor;
        count /= divisor;
        sum /= divisor;
        if (divisor == 0) {
            positive.clear();
            negative.clear();
            return;
        }
        divide(positive.values, positive.bucketCount, divisor);
        divide(negative.values, negative.bucketCount, divisor);
        if (divisor < 0) {
            hint = CounterResetHint.GAUGE;
        }
    }

    /** {@link #mul} applied to the compensation histogram. */
    void mulCompensation(double factor) {
        zeroCountComp *= factor;
        countComp *= factor;
        sumComp *= factor;
        scale(positive.comps, positive.bucketCount, factor);
        scale(negative.comps, negative.bucketCount, factor);
        if (factor < 0) {
            compHint = CounterResetHint.GAUGE;
        }
    }

    /** {@link #div} applied to the compensation histogram; {@code divisor} is never zero here. */
    void divCompensation(double divisor) {
        zeroCountComp /= divisor;
        countComp /= divisor;
        sumComp /= divisor;
        divide(positive.comps, positive.bucketCount, divisor);
        divide(negative.comps, negative.bucketCount, divisor);
        if (divisor < 0) {
            compHint = CounterResetHint.GAUGE;
        }
    }

    private static void scale(double[] values, int n, double factor) {
        for (int i = 0; i < n; i++) {
            values[i] *= factor;
        }
    }

    private static void divide(double[] values, int n, double divisor) {
        for (int i = 0; i < n; i++) {
            values[i] /= divisor;
        }
    }

    /** Prometheus's {@code HasOverflow} of the value (not the compensation). */
    boolean hasOverflow() {
        if (Double.isInfinite(zeroCount) || Double.isInfinite(count) || Double.isInfinite(sum)) {
            return true;
        }
        return anyInfinite(positive.values, positive.bucketCount)
                || anyInfinite(negative.values, negative.bucketCount)
                || anyInfinite(customValues, customValues.length);
    }

    private static boolean anyInfinite(double[] values, int n) {
        for (int i = 0; i < n; i++) {
            if (Double.isInfinite(values[i])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Folds the compensation into the value by a plain {@code Add} of the compensation histogram, which is how
     * Prometheus finishes a compensated sum; afterwards there is no compensation.
     */
    void foldCompensation() {
        if (!compensated) {
            return;
        }
        FloatHistogram compensation = compensationHistogram();
        compensated = false;
        combine(compensation, false, false);
    }
}
