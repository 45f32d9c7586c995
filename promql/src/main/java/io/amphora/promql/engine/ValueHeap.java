package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A binary heap of (series index, value) pairs that orders and moves elements exactly as Go's
 * {@code container/heap} does with Prometheus's {@code vectorByValueHeap} (smallest on top) or
 * {@code vectorByReverseValueHeap} (largest on top); in both a NaN counts as "less" than anything, so it is on top.
 * This makes {@code topk}, {@code bottomk}, {@code limitk} and {@code limit_ratio} pick the same series on ties and
 * list them in the same order. Reused per group and step; not thread-safe.
 */
final class ValueHeap {
    private final boolean reverse;
    private int[] series = new int[8];
    private double[] values = new double[8];
    private int size;

    /** @param reverse order like {@code vectorByReverseValueHeap} (for {@code bottomk}) */
    ValueHeap(boolean reverse) {
        this.reverse = reverse;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    int series(int i) {
        return series[i];
    }

    double value(int i) {
        return values[i];
    }

    private boolean less(int i, int j) {
        double vi = values[i];
        double vj = values[j];
        if (Double.isNaN(vi)) {
            return true;
        }
        return reverse ? vi > vj : vi < vj;
    }

    private void swap(int i, int j) {
        int s = series[i];
        series[i] = series[j];
        series[j] = s;
        double v = values[i];
        values[i] = values[j];
        values[j] = v;
    }

    /** Appends without restoring the heap order (Prometheus's initial {@code heap[0] = s}). */
    void append(int seriesIndex, double value) {
        if (size == series.length) {
            series = java.util.Arrays.copyOf(series, size * 2);
            values = java.util.Arrays.copyOf(values, size * 2);
        }
        series[size] = seriesIndex;
        values[size] = value;
        size++;
    }

    /** Go's {@code heap.Push}. */
    void push(int seriesIndex, double value) {
        append(seriesIndex, value);
        up(size - 1);
    }

    /** Replaces the top element and restores the order (Go's {@code h[0] = x; heap.Fix(h, 0)}). */
    void replaceTop(int seriesIndex, double value, boolean fix) {
        series[0] = seriesIndex;
        values[0] = value;
        if (fix && !down(0, size)) {
            up(0);
        }
    }

    private void up(int j) {
        while (true) {
            int i = (j - 1) / 2;
            if (i == j || !less(j, i)) {
                break;
            }
            swap(i, j);
            j = i;
        }
    }

    private boolean down(int i0, int n) {
        int i = i0;
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n || j1 < 0) {
                break;
            }
            int j = j1;
            int j2 = j1 + 1;
            if (j2 < n && less(j2, j1)) {
                j = j2;
            }
            if (!less(j, i)) {
                break;
            }
            swap(i, j);
            i = j;
        }
        return i > i0;
    }

    /**
     * Sorts the elements in the reverse of the heap order, as Go's {@code sort.Sort(sort.Reverse(heap))}: for up to
     * 12 elements exactly as Go does (insertion sort); for more, by value with NaN last, ties in heap order.
     */
    void sortReversed() {
        if (size <= 12) {
            for (int i = 1; i < size; i++) {
                for (int j = i; j > 0 && less(j - 1, j); j--) {
                    swap(j, j - 1);
                }
            }
            return;
        }
        List<int[]> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(new int[] {i});
        }
        double[] v = values.clone();
        int[] s = series.clone();
        order.sort((a, b) -> {
            double x = v[a[0]];
            double y = v[b[0]];
            boolean xn = Double.isNaN(x);
            boolean yn = Double.isNaN(y);
            if (xn || yn) {
                return Boolean.compare(xn, yn);
            }
            return reverse ? Double.compare(x, y) : Double.compare(y, x);
        });
        for (int i = 0; i < size; i++) {
            values[i] = v[order.get(i)[0]];
            series[i] = s[order.get(i)[0]];
        }
    }
}
