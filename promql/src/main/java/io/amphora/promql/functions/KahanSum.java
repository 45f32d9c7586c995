package io.amphora.promql.functions;

/**
 * A compensated (Kahan–Babuška–Neumaier) float sum that rounds exactly like Prometheus's {@code kahansum.Inc}, so
 * sums, averages and regressions agree with Prometheus to the last bit for the same order of additions.
 *
 * <p>One step adds {@code inc} to {@code (sum, c)}: the new sum is {@code sum + inc}; when it is infinite the
 * compensation is reset to 0, otherwise the rounding error of the addition (taken from the larger of the two
 * magnitudes) is added to {@code c}. The final value is {@code sum + c} (callers that must keep an infinite sum as
 * it is check {@link #sum()} first, see {@link RangeFunctions#sumOverTime}).
 *
 * <p>A mutable accumulator for per-group state; not thread-safe. The static {@link #compensation} lets hot loops
 * keep the pair in local variables without allocating.
 */
public final class KahanSum {
    private double sum;
    private double c;

    /** An accumulator at {@code (0, 0)}. */
    public KahanSum() {}

    /** Adds {@code inc} with compensation. */
    public void add(double inc) {
        double t = sum + inc;
        c = compensation(inc, sum, c, t);
        sum = t;
    }

    /** Subtracts {@code dec}, which is adding {@code -dec}. */
    public void subtract(double dec) {
        add(-dec);
    }

    /** Replaces the state, e.g. to start from a first sample or to rescale for an incremental mean. */
    public void set(double sum, double compensation) {
        this.sum = sum;
        this.c = compensation;
    }

    /** Back to {@code (0, 0)}. */
    public void reset() {
        sum = 0;
        c = 0;
    }

    /** The running sum without the compensation term. */
    public double sum() {
        return sum;
    }

    /** The accumulated compensation term. */
    public double compensation() {
        return c;
    }

    /** {@code sum + compensation}: the compensated result. */
    public double value() {
        return sum + c;
    }

    /**
     * The compensation after adding {@code inc} to {@code sum}, given the previous compensation {@code c} and
     * {@code newSum = sum + inc} (which the caller computes and keeps as the new sum).
     */
    public static double compensation(double inc, double sum, double c, double newSum) {
        if (newSum > Double.MAX_VALUE || newSum < -Double.MAX_VALUE) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - newSum) + inc);
        }
        return c + ((inc - newSum) + sum);
    }

    @Override
    public String toString() {
        return "KahanSum{sum=" + sum + ", c=" + c + "}";
    }
}
