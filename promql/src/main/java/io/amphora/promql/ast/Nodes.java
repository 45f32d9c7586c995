package io.amphora.promql.ast;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** Generic operations over expression trees. */
public final class Nodes {
    private Nodes() {}

    /**
     * The direct sub-expressions in Prometheus's order (an aggregation's expression before its parameter, a range
     * selector's vector selector). Duration expressions are not expressions and are not included.
     */
    public static List<Expr> children(Expr expr) {
        return switch (expr) {
            case AggregateExpr a -> a.param().isPresent() ? List.of(a.expr(), a.param().get()) : List.of(a.expr());
            case BinaryExpr b -> List.of(b.lhs(), b.rhs());
            case Call c -> c.args();
            case SubqueryExpr s -> List.of(s.expr());
            case ParenExpr p -> List.of(p.expr());
            case UnaryExpr u -> List.of(u.expr());
            case MatrixSelector m -> List.of(m.selector());
            case NumberLiteral n -> List.of();
            case StringLiteral s -> List.of();
            case VectorSelector v -> List.of();
        };
    }

    /** Calls {@code visitor} for {@code expr} and then, depth first in {@link #children} order, for every node below it. */
    public static void walk(Expr expr, Consumer<Expr> visitor) {
        Deque<Expr> pending = new ArrayDeque<>();
        pending.push(expr);
        while (!pending.isEmpty()) {
            Expr node = pending.pop();
            visitor.accept(node);
            List<Expr> children = children(node);
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
    }

    /**
     * The same tree with every position set to {@link PositionRange#NONE} and each selector's matchers in the order
     * the printer writes them (the matcher for a name before the braces stays last): two queries that differ only in
     * spacing, comments, matcher order, redundant syntax ({@code sum by () (x)}) or number spelling ({@code 0x10},
     * {@code 16}) have equal canonical trees. Printing then parsing a tree gives back its canonical tree.
     */
    public static Expr canonical(Expr expr) {
        PositionRange none = PositionRange.NONE;
        return switch (expr) {
            case AggregateExpr a -> new AggregateExpr(a.op(), canonical(a.expr()),
                    a.param().map(Nodes::canonical), a.grouping(), a.without(), none);
            case BinaryExpr b -> {
                List<BinaryExpr> spine = b.leftSpine();
                Expr result = canonical(spine.getLast().lhs());
                for (BinaryExpr link : spine.reversed()) {
                    result = link.withOperands(result, canonical(link.rhs()));
                }
                yield result;
            }
            case Call c -> new Call(c.function(), c.args().stream().map(Nodes::canonical).toList(), none);
            case SubqueryExpr s -> new SubqueryExpr(canonical(s.expr()), strip(s.range()), strip(s.step()),
                    strip(s.offset()), s.at(), none);
            case ParenExpr p -> new ParenExpr(canonical(p.expr()), none);
            case UnaryExpr u -> new UnaryExpr(u.op(), canonical(u.expr()), none);
            case MatrixSelector m -> new MatrixSelector(strip(m.selector()), strip(m.range()), none);
            case NumberLiteral n -> new NumberLiteral(n.value(), n.durationUnit(), none);
            case StringLiteral s -> new StringLiteral(s.value(), none);
            case VectorSelector v -> strip(v);
        };
    }

    /** Every vector selector in the tree, in walk order (Prometheus's {@code ExtractSelectors}). */
    public static List<VectorSelector> selectors(Expr expr) {
        List<VectorSelector> selectors = new ArrayList<>();
        walk(expr, node -> {
            if (node instanceof VectorSelector v) {
                selectors.add(v);
            }
        });
        return selectors;
    }

    private static VectorSelector strip(VectorSelector v) {
        List<Matcher> matchers = new ArrayList<>(v.matchers());
        Matcher nameMatcher = null;
        if (!v.name().isEmpty()) {
            nameMatcher = matchers.remove(matchers.lastIndexOf(Matcher.equal(Labels.METRIC_NAME, v.name())));
        }
        matchers.sort(Comparator.comparing(PromqlPrinter::print, Labels::compareStrings));
        if (nameMatcher != null) {
            matchers.add(nameMatcher);
        }
        return new VectorSelector(v.name(), matchers, strip(v.offset()), v.at(), v.extendedRange(),
                PositionRange.NONE);
    }

    private static QueryDuration strip(QueryDuration duration) {
        return switch (duration) {
            case QueryDuration.Fixed f -> f;
            case QueryDuration.Computed(DurationExpr e) -> new QueryDuration.Computed(strip(e));
        };
    }

    private static DurationExpr strip(DurationExpr expr) {
        PositionRange none = PositionRange.NONE;
        return switch (expr) {
            case DurationExpr.Literal l -> new DurationExpr.Literal(l.seconds(), l.durationUnit(), none);
            case DurationExpr.Binary b -> new DurationExpr.Binary(b.op(), strip(b.lhs()), strip(b.rhs()));
            case DurationExpr.Negate n -> new DurationExpr.Negate(strip(n.operand()), none);
            case DurationExpr.Paren p -> new DurationExpr.Paren(strip(p.inner()), none);
            case DurationExpr.Step s -> new DurationExpr.Step(none);
            case DurationExpr.Range r -> new DurationExpr.Range(none);
            case DurationExpr.Extremum e -> new DurationExpr.Extremum(e.max(), strip(e.lhs()), strip(e.rhs()));
        };
    }
}
