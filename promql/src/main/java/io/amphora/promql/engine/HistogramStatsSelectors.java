package io.amphora.promql.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

import io.amphora.promql.ast.BinaryOp;

/**
 * Prometheus's {@code detectHistogramStatsDecoding}: finds the selectors whose histograms only feed
 * {@code histogram_count}, {@code histogram_sum} or {@code histogram_avg} — walking up from each selector, such a
 * call marks it, and a subquery, a function that needs the buckets ({@code histogram_quantile(s)},
 * {@code histogram_fraction}) or a trim operator stops the walk.
 */
final class HistogramStatsSelectors {
    private HistogramStatsSelectors() {}

    static void find(Plan plan, Set<Plan.Selector> out) {
        walk(plan, new ArrayDeque<>(), out);
    }

    private static void walk(Plan plan, Deque<Plan> path, Set<Plan.Selector> out) {
        switch (plan) {
            case Plan.Selector s -> {
                if (statsOnly(path)) {
                    out.add(s);
                }
            }
            case Plan.RangeSelector r -> visit(r.selector(), r, path, out);
            case Plan.Subquery q -> visit(q.expr(), q, path, out);
            case Plan.Aggregate a -> {
                visit(a.expr(), a, path, out);
                if (a.param() != null) {
                    visit(a.param(), a, path, out);
                }
            }
            case Plan.Binary b -> {
                int depth = 0;
                Plan node = b;
                while (node instanceof Plan.Binary link) {
                    visit(link.rhs(), link, path, out);
                    path.push(link);
                    depth++;
                    node = link.lhs();
                }
                walk(node, path, out);
                for (int i = 0; i < depth; i++) {
                    path.pop();
                }
            }
            case Plan.Call c -> {
                for (Plan arg : c.args()) {
                    visit(arg, c, path, out);
                }
            }
            case Plan.Negate n -> visit(n.expr(), n, path, out);
            case Plan.StepInvariant i -> visit(i.expr(), i, path, out);
            case Plan.NumberLiteral n -> {
            }
            case Plan.StringLiteral s -> {
            }
        }
    }

    private static void visit(Plan child, Plan parent, Deque<Plan> path, Set<Plan.Selector> out) {
        path.push(parent);
        walk(child, path, out);
        path.pop();
    }

    /** Walks the path from the selector outwards (the deque's head is the innermost parent). */
    private static boolean statsOnly(Deque<Plan> path) {
        boolean skip = false;
        for (Plan p : path) {
            switch (p) {
                case Plan.Subquery q -> {
                    return false;
                }
                case Plan.Call c -> {
                    switch (c.function().name()) {
                        case "histogram_count", "histogram_sum", "histogram_avg" -> skip = true;
                        case "histogram_quantile", "histogram_quantiles", "histogram_fraction" -> {
                            return false;
                        }
                        default -> {
                        }
                    }
                }
                case Plan.Binary b -> {
                    if (b.op() == BinaryOp.TRIM_UPPER || b.op() == BinaryOp.TRIM_LOWER) {
                        return false;
                    }
                }
                default -> {
                }
            }
        }
        return skip;
    }
}
