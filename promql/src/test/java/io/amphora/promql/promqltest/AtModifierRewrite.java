package io.amphora.promql.promqltest;

import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.AtModifier;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PromqlPrinter;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.VectorSelector;
import io.amphora.promql.parser.ParserOptions;
import io.amphora.promql.parser.PromqlParser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The harness's step-invariance check for instant evals: the expression with every selector and subquery pinned to
 * the eval time with {@code @} must give the same result when evaluated at other times.
 *
 * <p>As upstream, every vector selector, range selector and subquery that has no fixed {@code @ <time>} gets
 * {@code @ <eval time>} ({@code @ start()} and {@code @ end()}, which equal the eval time in an instant query, are
 * replaced too), and nothing inside a subquery is touched: a subquery either had its own {@code @} or now has one,
 * and either way its inner expression already runs at fixed times. Expressions calling a function whose result
 * depends on the evaluation time even with fixed inputs ({@link #TIME_DEPENDENT_FUNCTIONS}) outside any subquery are
 * not checked; upstream does not look for them inside subqueries either.
 */
final class AtModifierRewrite {
    /** Prometheus's {@code AtModifierUnsafeFunctions}. */
    static final Set<String> TIME_DEPENDENT_FUNCTIONS = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "end", "hour", "minute", "month", "year", "predict_linear", "range", "start", "step",
            "time", "timestamp");

    /**
     * Calls of the functions whose value comes from the query's context; the harness skips its range-mode check
     * for an expression whose text contains one, since they resolve differently in a range query.
     */
    private static final Pattern QUERY_CONTEXT_CALL = Pattern.compile("(start|end|range|step)\\(\\)");

    private final PromqlParser parser = new PromqlParser(ParserOptions.allFeatures());

    /**
     * The rewritten expression text, or empty when the expression calls a time-dependent function and the check is
     * skipped.
     *
     * @throws io.amphora.promql.parser.ParseException when {@code expression} does not parse
     */
    Optional<String> rewrite(String expression, long evalTimeMillis) {
        requireNonNull(expression, "expression is null");
        Expr parsed = parser.parseExpr(expression);
        if (callsTimeDependentFunction(parsed)) {
            return Optional.empty();
        }
        return Optional.of(PromqlPrinter.print(pin(parsed, AtModifier.timestamp(evalTimeMillis))));
    }

    /** The times the rewritten expression is evaluated at: −10t, 0, t/5, t and 10t; −1s, 0 and 1s when t is 0. */
    static List<Long> evaluationTimes(long evalTimeMillis) {
        if (evalTimeMillis == 0) {
            return List.of(-1000L, 0L, 1000L);
        }
        return List.of(-10 * evalTimeMillis, 0L, evalTimeMillis / 5, evalTimeMillis, 10 * evalTimeMillis);
    }

    /** Whether the harness skips the range-mode check for this expression text. */
    static boolean callsQueryContextFunction(String expression) {
        return QUERY_CONTEXT_CALL.matcher(expression).find();
    }

    private static boolean callsTimeDependentFunction(Expr expr) {
        Deque<Expr> pending = new ArrayDeque<>();
        pending.push(expr);
        while (!pending.isEmpty()) {
            Expr node = pending.pop();
            switch (node) {
                case Call call -> {
                    if (TIME_DEPENDENT_FUNCTIONS.contains(call.function().name())) {
                        return true;
                    }
                    call.args().forEach(pending::push);
                }
                case SubqueryExpr subquery -> { }
                case AggregateExpr aggregate -> {
                    pending.push(aggregate.expr());
                    aggregate.param().ifPresent(pending::push);
                }
                case BinaryExpr binary -> {
                    pending.push(binary.lhs());
                    pending.push(binary.rhs());
                }
                case ParenExpr paren -> pending.push(paren.expr());
                case UnaryExpr unary -> pending.push(unary.expr());
                case MatrixSelector matrix -> { }
                case VectorSelector vector -> { }
                case NumberLiteral number -> { }
                case StringLiteral string -> { }
            }
        }
        return false;
    }

    private static Expr pin(Expr expr, AtModifier at) {
        return switch (expr) {
            case VectorSelector vector -> pin(vector, at);
            case MatrixSelector matrix -> matrix.withSelector(pin(matrix.selector(), at));
            case SubqueryExpr subquery -> subquery.at() instanceof AtModifier.Timestamp ? subquery : subquery.withAt(at);
            case AggregateExpr aggregate ->
                    aggregate.withExpr(pin(aggregate.expr(), at), aggregate.param().map(param -> pin(param, at)));
            case BinaryExpr binary -> {
                // Long operator chains are deep on the left: walk that spine with a loop, not with recursion.
                List<BinaryExpr> spine = binary.leftSpine();
                Expr result = pin(spine.getLast().lhs(), at);
                for (BinaryExpr link : spine.reversed()) {
                    result = link.withOperands(result, pin(link.rhs(), at));
                }
                yield result;
            }
            case Call call -> {
                List<Expr> args = new ArrayList<>(call.args().size());
                for (Expr arg : call.args()) {
                    args.add(pin(arg, at));
                }
                yield call.withArgs(args);
            }
            case ParenExpr paren -> new ParenExpr(pin(paren.expr(), at), paren.positionRange());
            case UnaryExpr unary -> new UnaryExpr(unary.op(), pin(unary.expr(), at), unary.positionRange());
            case NumberLiteral number -> number;
            case StringLiteral string -> string;
        };
    }

    private static VectorSelector pin(VectorSelector selector, AtModifier at) {
        return selector.at() instanceof AtModifier.Timestamp ? selector : selector.withAt(at);
    }
}
