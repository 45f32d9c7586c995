package io.amphora.promql.functions;

/**
 * The numeric parts of Prometheus's aggregation operators ({@code sum}, {@code avg}, {@code min}, {@code max},
 * {@code stddev}, {@code stdvar}, {@code quantile}) and the quantile helper that {@code quantile_over_time} and
 * {@code mad_over_time} share with them.
 *
 * <p>Every aggregation starts from its group's first float and then adds the others in input order, as Prometheus
 * does; the order matters for the last bits of sums and means. {@code sum} is a {@link KahanSum} started with
 * {@code set(first, 0)}, fed with {@code add}, and read with {@link KahanSum#value()} (no special case for infinite
 * sums, unlike {@code sum_over_time}). Native histograms never reach these helpers: the engine ignores or
 * annotates them first.
 */
public final class Aggregations {
    /** Go's sort switches from insertion sort to pattern-defeating quicksort above this length. */
    private static final int GO_INSERTION_SORT_MAX = 12;

    private Aggregations() {}

    /**
     * Whether {@code q} is a proper quantile, 0 ≤ q ≤ 1. When it is not (including NaN) Prometheus still computes
     * (see {@link #quantile}) but reports {@code NewInvalidQuantileWarning(q, pos)} ("quantile value should be
     * between 0 and 1, got …") — for {@code quantile}, {@code quantile_over_time} and {@code histogram_quantile}.
     */
    public static boolean isValidQuantile(double q) {
        return q >= 0 && q <= 1;
    }

    /**
     * Prometheus's {@code quantile}: the φ-quantile of {@code values[0..n)}, interpolating linearly between the two
     * closest ranks ({@code rank = q·(n−1)}). NaN values sort below every number (so a low quantile of a set with
     * NaNs is NaN). Returns NaN when {@code n == 0} or {@code q} is NaN, −Inf when {@code q < 0} and +Inf when
     * {@code q > 1}.
     *
     * <p>Sorts {@code values[0..n)} in place (the caller passes scratch it owns). Up to 12 values are ordered exactly
     * as Go orders them, equal values keeping their input order; for longer inputs only the relative order of
     * {@code -0} and {@code +0} may differ from Go's, which can only change the sign of a zero result.
     */
    public static double quantile(double q, double[] values, int n) {
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        sortNaNFirst(values, n);
        double rank = q * (n - 1);
        double lowerIndex = Math.max(0, Math.floor(rank));
        double upperIndex = Math.min(n - 1, lowerIndex + 1);
        double weight = rank - Math.floor(rank);
        return values[(int) lowerIndex] * (1 - weight) + values[(int) upperIndex] * weight;
    }

    /**
     * Sorts {@code values[0..n)} ascending with every NaN first, the order Prometheus's quantile code relies on.
     * In place and allocation-free: insertion sort (stable, Go's own choice) up to 12 values, heapsort above.
     */
    public static void sortNaNFirst(double[] values, int n) {
        if (n <= GO_INSERTION_SORT_MAX) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && goLess(values[j], values[j - 1]); j--) {
                    swap(values, j, j - 1);
                }
            }
            return;
        }
        int nans = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) {
                swap(values, i, nans++);
            }
        }
        heapSort(values, nans, n);
    }

    /** Ascending heapsort of {@code values[from, to)}, which holds no NaN. */
    private static void heapSort(double[] values, int from, int to) {
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(values, from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(values, from, from + end);
            siftDown(values, from, 0, end);
        }
    }

    private static void siftDown(double[] values, int base, int root, int size) {
        while (true) {
            int child = 2 * root + 1;
            if (child >= size) {
                return;
            }
            if (child + 1 < size && values[base + child] < values[base + child + 1]) {
                child++;
            }
            if (!(values[base + root] < values[base + child])) {
                return;
            }
            swap(values, base + root, base + child);
            root = child;
        }
    }

    private static void swap(double[] values, int i, int j) {
        double tmp = values[i];
        values[i] = values[j];
        values[j] = tmp;
    }

    private static boolean goLess(double a, double b) {
        return Double.isNaN(a) || a < b;
    }

    /**
     * One step of {@code max}: the new group value after seeing float {@code f}, given the current one. A NaN group
     * value is replaced by anything; a NaN input never replaces a number.
     */
    public static double max(double current, double f) {
        return current < f || Double.isNaN(current) ? f : current;
    }

    /** One step of {@code min}, with {@link #max}'s NaN rules. */
    public static double min(double current, double f) {
        return current > f || Double.isNaN(current) ? f : current;
    }

    /**
     * The {@code avg} aggregation: a compensated direct mean ({@code sum/count + c/count}) for as long as the running
     * sum stays finite, and from the first addition that would overflow to ±Inf on, Prometheus's incremental mean
     * ({@code mean·(n−1)/n + f/n}, also compensated). The same arithmetic as {@code avg_over_time}.
     * Mutable per-group state; not thread-safe.
     */
    public static final class Mean {
        private double sum;
        private double c;
        private double mean;
        private double count;
        private boolean incremental;

        /** Begins a group with its first float. */
        public void start(double first) {
            sum = first;
            mean = first;
            c = 0;
            count = 1;
            incremental = false;
        }

        /** Adds the group's next float. */
        public void add(double f) {
            count++;
            if (!incremental) {
                double newSum = sum + f;
                double newC = KahanSum.compensation(f, sum, c, newSum);
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    c = newC;
                    return;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            double base = q * mean;
            double baseC = q * c;
            double inc = f / count;
            double newMean = base + inc;
            c = KahanSum.compensation(inc, base, baseC, newMean);
            mean = newMean;
        }

        /** The average of the floats seen since {@link #start}. */
        public double result() {
            if (incremental) {
                return mean + c;
            }
            return sum / count + c / count;
        }

        /** How many floats were seen since {@link #start}. */
        public double count() {
            return count;
        }
    }

    /**
     * The {@code stddev}/{@code stdvar} aggregations: Welford's running mean and sum of squared deviations, without
     * compensation (unlike {@code stddev_over_time}). A group whose first float is NaN or ±Inf has a NaN result.
     * Mutable per-group state; not thread-safe.
     */
    public static final class Variance {
        private double count;
        private double mean;
        private double m2;

        /** Begins a group with its first float. */
        public void start(double first) {
            count = 1;
            mean = first;
            m2 = Double.isNaN(first) || Double.isInfinite(first) ? Double.NaN : 0;
        }

        /** Adds the group's next float. */
        public void add(double f) {
            count++;
            double delta = f - mean;
            mean += delta / count;
            m2 += delta * (f - mean);
        }

        /** The population variance ({@code stdvar}). */
        public double variance() {
            return m2 / count;
        }

        /** The population standard deviation ({@code stddev}). */
        public double standardDeviation() {
            return Math.sqrt(m2 / count);
        }
    }
}
