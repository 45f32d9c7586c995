package io.amphora.model.histogram;

/**
 * Kahan–Babuška–Neumaier compensated addition, step for step as Prometheus's {@code kahansum.Inc}: the running sum
 * and its compensation are two separate doubles, so the step is split into {@link #sum} and {@link #compensation}
 * (call {@code compensation} before overwriting the sum). When the new sum is infinite the compensation resets to
 * zero. Java never fuses multiply-add implicitly, which this arithmetic depends on.
 */
final class Kahan {
    private Kahan() {}

    /** The new running sum after adding {@code increment} to {@code sum}. */
    static double sum(double increment, double sum) {
        return sum + increment;
    }

    /** The new compensation after adding {@code increment} to {@code sum} whose compensation is {@code c}. */
    static double compensation(double increment, double sum, double c) {
        double t = sum + increment;
        if (t > Double.MAX_VALUE || t < -Double.MAX_VALUE) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(increment)) {
            return c + ((sum - t) + increment);
        }
        return c + ((increment - t) + sum);
    }
}
