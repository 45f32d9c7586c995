package io.amphora.promql.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.AtModifier;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.DurationExpr;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.QueryDuration;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.UnaryOp;
import io.amphora.promql.ast.VectorSelector;

/**
 * Turns a parsed expression into the {@link Plan} for one query's time range, as Prometheus's
 * {@code PreprocessExpr}: folds {@code start()}, {@code end()}, {@code range()} and {@code step()} into numbers,
 * evaluates duration expressions (with {@code step()} being the query step, 0 for instant queries, and
 * {@code range()} the query's end minus start), resolves {@code @ start()}/{@code @ end()}, and wraps the highest
 * step-invariant sub-trees. Stateless apart from the query parameters; one per query.
 */
final class Planner {
    /** Functions whose result depends on the evaluation time even when their arguments do not. */
    static final Set<String> AT_MODIFIER_UNSAFE_FUNCTIONS = Set.of(
            "days_in_month", "day_of_month", "day_of_week", "day_of_year", "end", "hour", "minute", "month", "year",
            "predict_linear", "range", "start", "step", "time", "timestamp");

    private final long start;
    private final long end;
    /** The query step in milliseconds; 0 for instant queries. */
    private final long step;
    private final long defaultSubqueryStep;

    Planner(long start, long end, long step, long defaultSubqueryStep) {
        this.start = start;
        this.end = end;
        this.step = step;
        this.defaultSubqueryStep = defaultSubqueryStep;
    }

    /** @throws QueryException {@link QueryErrorType#BAD_DATA} for a duration expression that is not valid here */
    Plan plan(Expr expr) {
        Planned planned = build(expr);
        return planned.shouldWrap ? new Plan.StepInvariant(planned.plan) : planned.plan;
    }

    private record Planned(Plan plan, boolean stepInvariant, boolean shouldWrap) {}

    private Planned build(Expr expr) {
        return switch (expr) {
            case VectorSelector v -> {
                Plan.Selector selector = selector(v);
                boolean invariant = selector.at() != null;
                yield new Planned(selector, invariant, invariant);
            }
            case MatrixSelector m -> {
                Plan.Selector selector = selector(m.selector());
                long range = duration(m.range(), false);
                yield new Planned(new Plan.RangeSelector(selector, range, m.positionRange()),
                        selector.at() != null, false);
            }
            case SubqueryExpr s -> {
                Planned inner = build(unwrap(s.expr()));
                Plan innerPlan = inner.stepInvariant ? new Plan.StepInvariant(inner.plan) : inner.plan;
                long range = duration(s.range(), false);
                long subqueryStep = s.step().isZero() ? defaultSubqueryStep : duration(s.step(), false);
                long offset = duration(s.offset(), true);
                Long at = at(s.at());
                yield new Planned(new Plan.Subquery(innerPlan, range, subqueryStep, offset, at, s.positionRange()),
                        at != null, false);
            }
            case AggregateExpr a -> {
                Planned inner = build(unwrap(a.expr()));
                Plan param = a.param().isPresent() ? build(unwrap(a.param().get())).plan : null;
                List<String> grouping = new ArrayList<>(a.grouping());
                grouping.sort(String::compareTo);
                yield new Planned(new Plan.Aggregate(a.op(), inner.plan, param, List.copyOf(grouping), a.without(),
                        a.positionRange()), inner.stepInvariant, inner.shouldWrap);
            }
            case BinaryExpr b -> {
                List<BinaryExpr> spine = b.leftSpine();
                Planned result = build(spine.getLast().lhs());
                for (int i = spine.size() - 1; i >= 0; i--) {
                    result = binary(spine.get(i), result, build(spine.get(i).rhs()));
                }
                yield result;
            }
            case Call c -> call(c);
            case ParenExpr p -> build(p.expr());
            case UnaryExpr u -> {
                Planned inner = build(u.expr());
                if (u.op() == UnaryOp.PLUS) {
                    yield inner;
                }
                yield new Planned(new Plan.Negate(inner.plan, u.positionRange()), inner.stepInvariant,
                        inner.shouldWrap);
            }
            case NumberLiteral n -> new Planned(new Plan.NumberLiteral(n.value(), n.positionRange()), true, false);
            case StringLiteral s -> new Planned(new Plan.StringLiteral(s.value(), s.positionRange()), true, false);
        };
    }

    /** One link of a chain of binary operators, planned from the bottom up so long chains do not recurse. */
    private static Planned binary(BinaryExpr b, Planned lhs, Planned rhs) {
        PositionRange position = b.positionRange();
        if (lhs.stepInvariant && rhs.stepInvariant) {
            return new Planned(new Plan.Binary(b.op(), lhs.plan, rhs.plan, b.matching().orElse(null),
                    b.returnBool(), position), true, true);
        }
        Plan left = lhs.shouldWrap ? new Plan.StepInvariant(lhs.plan) : lhs.plan;
        Plan right = rhs.shouldWrap ? new Plan.StepInvariant(rhs.plan) : rhs.plan;
        return new Planned(new Plan.Binary(b.op(), left, right, b.matching().orElse(null), b.returnBool(),
                position), false, false);
    }

    private Planned call(Call c) {
        String name = c.function().name();
        switch (name) {
            case "start" -> {
                return new Planned(new Plan.NumberLiteral(start / 1000.0, c.positionRange()), true, false);
            }
            case "end" -> {
                return new Planned(new Plan.NumberLiteral(end / 1000.0, c.positionRange()), true, false);
            }
            case "range" -> {
                return new Planned(new Plan.NumberLiteral((end - start) / 1000.0, c.positionRange()), true, false);
            }
            case "step" -> {
                return new Planned(new Plan.NumberLiteral(start == end ? 0 : step / 1000.0, c.positionRange()),
                        true, false);
            }
            default -> {
            }
        }
        boolean invariant = !AT_MODIFIER_UNSAFE_FUNCTIONS.contains(name);
        boolean timestampOfInvariantSelectors = name.equals("timestamp");
        List<Planned> args = new ArrayList<>(c.args().size());
        for (Expr arg : c.args()) {
            Expr unwrapped = unwrap(arg);
            Planned planned = build(unwrapped);
            args.add(planned);
            invariant &= planned.stepInvariant;
            if (!planned.stepInvariant || !(unwrapped instanceof VectorSelector)) {
                timestampOfInvariantSelectors = false;
            }
        }
        List<Plan> plans = new ArrayList<>(args.size());
        boolean whole = invariant || timestampOfInvariantSelectors;
        for (Planned arg : args) {
            plans.add(!whole && arg.shouldWrap ? new Plan.StepInvariant(arg.plan) : arg.plan);
        }
        Plan.Call plan = new Plan.Call(c.function(), List.copyOf(plans), c.positionRange());
        return whole ? new Planned(plan, true, true) : new Planned(plan, false, false);
    }

    private Plan.Selector selector(VectorSelector v) {
        return new Plan.Selector(v.name(), v.matchers(), duration(v.offset(), true), at(v.at()), v.extendedRange(),
                v.positionRange());
    }

    private Long at(AtModifier at) {
        return switch (at) {
            case AtModifier.None n -> null;
            case AtModifier.Timestamp t -> t.millis();
            case AtModifier.Start s -> start;
            case AtModifier.End e -> end;
        };
    }

    private static Expr unwrap(Expr expr) {
        Expr e = expr;
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }

    /** A range, step or offset in milliseconds, as Prometheus's duration visitor computes it. */
    private long duration(QueryDuration duration, boolean allowNegative) {
        return switch (duration) {
            case QueryDuration.Fixed f -> f.millis();
            case QueryDuration.Computed c -> {
                double seconds = evaluate(c.expr());
                PositionRange p = c.expr().positionRange();
                if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
                    throw badDuration(p, "duration is NaN or infinite");
                }
                if (seconds <= 0 && !allowNegative) {
                    throw badDuration(p, "duration must be greater than 0");
                }
                if (seconds > 0x1p63 / 1e9 || seconds < -0x1p63 / 1e9) {
                    throw badDuration(p, "duration is out of range");
                }
                yield (long) (seconds * 1000);
            }
        };
    }

    private double evaluate(DurationExpr expr) {
        return switch (expr) {
            case DurationExpr.Literal l -> l.seconds();
            case DurationExpr.Paren p -> evaluate(p.inner());
            case DurationExpr.Negate n -> -evaluate(n.operand());
            case DurationExpr.Step s -> step / 1000.0;
            case DurationExpr.Range r -> (end - start) / 1000.0;
            case DurationExpr.Extremum e -> e.max()
                    ? Math.max(evaluate(e.lhs()), evaluate(e.rhs()))
                    : Math.min(evaluate(e.lhs()), evaluate(e.rhs()));
            case DurationExpr.Binary b -> {
                double lhs = evaluate(b.lhs());
                double rhs = evaluate(b.rhs());
                yield switch (b.op()) {
                    case ADD -> lhs + rhs;
                    case SUB -> lhs - rhs;
                    case MUL -> lhs * rhs;
                    case DIV -> {
                        if (rhs == 0) {
                            throw badDuration(b.positionRange(), "division by zero");
                        }
                        yield lhs / rhs;
                    }
                    case MOD -> {
                        if (rhs == 0) {
                            throw badDuration(b.positionRange(), "modulo by zero");
                        }
                        yield lhs % rhs;
                    }
                    case POW -> Math.pow(lhs, rhs);
                    default -> throw new IllegalStateException("not a duration operator: " + b.op().symbol());
                };
            }
        };
    }

    private static QueryException badDuration(PositionRange position, String message) {
        return new QueryException(QueryErrorType.BAD_DATA, position.start() + ":" + position.end() + ": " + message);
    }
}
