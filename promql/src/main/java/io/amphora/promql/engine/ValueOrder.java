package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;

/** Orders single-step series by value as Go's {@code sort.Sort} does for Prometheus's {@code sort}/{@code sort_desc}. */
final class ValueOrder {
    private ValueOrder() {}

    /** Ascending (or descending) by the value at step 0, NaN last. */
    static void sortByValue(List<StepSeries> series, boolean descending) {
        int n = series.size();
        if (n <= 12) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && less(series.get(j), series.get(j - 1), descending); j--) {
                    StepSeries t = series.get(j);
                    series.set(j, series.get(j - 1));
                    series.set(j - 1, t);
                }
            }
            return;
        }
        List<StepSeries> copy = new ArrayList<>(series);
        copy.sort((a, b) -> {
            double x = a.values[0];
            double y = b.values[0];
            boolean xn = Double.isNaN(x);
            boolean yn = Double.isNaN(y);
            if (xn || yn) {
                return Boolean.compare(xn, yn);
            }
            return descending ? Double.compare(y, x) : Double.compare(x, y);
        });
        for (int i = 0; i < n; i++) {
            series.set(i, copy.get(i));
        }
    }

    /** Prometheus's reversed heap order: {@code a} before {@code b}. */
    private static boolean less(StepSeries a, StepSeries b, boolean descending) {
        double va = a.values[0];
        double vb = b.values[0];
        if (Double.isNaN(vb)) {
            return true;
        }
        return descending ? vb < va : vb > va;
    }
}
