package io.amphora.promql.engine;

/**
 * The time range of data a plan reads (Prometheus {@code FindMinMaxTime}): for every selector, its evaluation
 * times shifted by the offsets and ranges of the subqueries around it (an {@code @} on a subquery or selector pins
 * them), widened by its range or the lookback delta. {@code [0, 0]} for plans that select nothing.
 *
 * <p>Unlike Prometheus, the range includes the sample exactly one range (or lookback delta) before the first
 * evaluation time, which no window contains: Prometheus's storage hands it to the engine anyway (head chunks are not
 * cut at the querier's start), and {@link HistogramStatsIterator} compares the first histogram of a window with it.
 */
final class DataRange {
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private final long start;
    private final long end;
    private final long lookback;

    private DataRange(long start, long end, long lookback) {
        this.start = start;
        this.end = end;
        this.lookback = lookback;
    }

    /** {@code [mint, maxt]}, both inclusive. */
    static long[] of(Plan plan, long start, long end, long lookback) {
        DataRange range = new DataRange(start, end, lookback);
        range.walk(plan, 0, 0, null, 0);
        if (range.max == Long.MIN_VALUE) {
            return new long[] {0, 0};
        }
        return new long[] {range.min, range.max};
    }

    private void walk(Plan plan, long subqueryOffset, long subqueryRange, Long subqueryAt, long evalRange) {
        switch (plan) {
            case Plan.Selector s -> selector(s, subqueryOffset, subqueryRange, subqueryAt, evalRange);
            case Plan.RangeSelector r -> walk(r.selector(), subqueryOffset, subqueryRange, subqueryAt, r.range());
            case Plan.Subquery q -> {
                if (q.at() != null) {
                    walk(q.expr(), q.offset(), q.range(), q.at(), 0);
                } else {
                    walk(q.expr(), subqueryOffset + q.offset(), subqueryRange + q.range(), subqueryAt, 0);
                }
            }
            case Plan.Aggregate a -> {
                walk(a.expr(), subqueryOffset, subqueryRange, subqueryAt, 0);
                if (a.param() != null) {
                    walk(a.param(), subqueryOffset, subqueryRange, subqueryAt, 0);
                }
            }
            case Plan.Binary b -> {
                Plan node = b;
                while (node instanceof Plan.Binary link) {
                    walk(link.rhs(), subqueryOffset, subqueryRange, subqueryAt, 0);
                    node = link.lhs();
                }
                walk(node, subqueryOffset, subqueryRange, subqueryAt, 0);
            }
            case Plan.Call c -> {
                for (Plan arg : c.args()) {
                    walk(arg, subqueryOffset, subqueryRange, subqueryAt, 0);
                }
            }
            case Plan.Negate n -> walk(n.expr(), subqueryOffset, subqueryRange, subqueryAt, 0);
            case Plan.StepInvariant i -> walk(i.expr(), subqueryOffset, subqueryRange, subqueryAt, 0);
            case Plan.NumberLiteral n -> {
            }
            case Plan.StringLiteral s -> {
            }
        }
    }

    private void selector(Plan.Selector s, long subqueryOffset, long subqueryRange, Long subqueryAt, long evalRange) {
        long from = start;
        long to = end;
        if (subqueryAt != null) {
            from = subqueryAt;
            to = subqueryAt;
        }
        if (s.at() != null) {
            from = s.at();
            to = s.at();
        } else {
            from = from - subqueryOffset - subqueryRange;
            to -= subqueryOffset;
        }
        if (evalRange == 0) {
            from -= lookback;
            if (s.smoothed()) {
                to += lookback;
            }
        } else if (s.anchored()) {
            from -= lookback + evalRange;
        } else if (s.smoothed()) {
            from -= lookback + evalRange;
            to += lookback;
        } else {
            from -= evalRange;
        }
        from -= s.offset();
        to -= s.offset();
        min = Math.min(min, from);
        max = Math.max(max, to);
    }
}
