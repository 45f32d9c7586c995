package io.amphora.promql.parser;

import io.amphora.model.Labels;
import io.amphora.model.Matcher;
import io.amphora.promql.ast.AggregateExpr;
import io.amphora.promql.ast.BinaryExpr;
import io.amphora.promql.ast.Call;
import io.amphora.promql.ast.Expr;
import io.amphora.promql.ast.Function;
import io.amphora.promql.ast.GoStrings;
import io.amphora.promql.ast.MatchCardinality;
import io.amphora.promql.ast.MatrixSelector;
import io.amphora.promql.ast.NumberLiteral;
import io.amphora.promql.ast.ParenExpr;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.StringLiteral;
import io.amphora.promql.ast.SubqueryExpr;
import io.amphora.promql.ast.UnaryExpr;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.ast.VectorMatching;
import io.amphora.promql.ast.VectorSelector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks Prometheus runs over a syntactically valid tree ({@code checkAST}), in the same order and with the same
 * messages, and the normalisation it applies on the way: set operators match many-to-many, and vector matching is
 * dropped from operations that do not have an instant vector on both sides.
 */
final class TypeChecker {
    private final byte[] query;
    private final String queryText;
    private final List<ParseError> errors;

    TypeChecker(String query, List<ParseError> errors) {
        this.queryText = query;
        this.query = GoStrings.encodeUtf8(query);
        this.errors = errors;
    }

    Expr check(Expr node) {
        return check(node, false);
    }

    /** @param labelSelectorsOnly the second argument of {@code info}, which may match every series */
    private Expr check(Expr node, boolean labelSelectorsOnly) {
        return switch (node) {
            case AggregateExpr a -> {
                Expr expr = expectType(a.expr(), ValueType.VECTOR, "aggregation expression");
                Optional<Expr> param = a.param()
                        .map(p -> expectType(p, a.op().parameterType(), "aggregation parameter"));
                yield a.withExpr(expr, param);
            }
            case BinaryExpr b -> checkBinary(b);
            case Call c -> checkCall(c);
            case ParenExpr p -> new ParenExpr(check(p.expr()), p.positionRange());
            case UnaryExpr u -> {
                Expr inner = check(u.expr());
                ValueType type = inner.type();
                if (type != ValueType.SCALAR && type != ValueType.VECTOR) {
                    error(u.positionRange(), "unary expression only allowed on expressions of type scalar or instant"
                            + " vector, got " + GoStrings.quote(type.documentedName()));
                }
                yield new UnaryExpr(u.op(), inner, u.positionRange());
            }
            case SubqueryExpr s -> {
                Expr inner = check(s.expr());
                if (inner.type() != ValueType.VECTOR) {
                    error(s.positionRange(), "subquery is only allowed on instant vector, got "
                            + inner.type().internalName() + " instead");
                }
                yield s.withExpr(inner);
            }
            case MatrixSelector m -> m.withSelector((VectorSelector) check(m.selector(), false));
            case VectorSelector v -> {
                checkSelector(v, labelSelectorsOnly);
                yield v;
            }
            case NumberLiteral n -> n;
            case StringLiteral s -> s;
        };
    }

    /**
     * Checks a chain of binary operations bottom-up without recursing down the left operands, in the order recursion
     * would: the innermost left operand, then for each operation its right operand and the operation itself.
     */
    private Expr checkBinary(BinaryExpr top) {
        List<BinaryExpr> spine = top.leftSpine();
        Expr lhs = check(spine.getLast().lhs());
        ValueType lt = lhs.type();
        for (BinaryExpr b : spine.reversed()) {
            Expr rhs = check(b.rhs());
            ValueType rt = rhs.type();
            lhs = checkOperation(b, lhs, lt, rhs, rt);
            lt = lt == ValueType.SCALAR && rt == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
        }
        return lhs;
    }

    private Expr checkOperation(BinaryExpr b, Expr lhs, ValueType lt, Expr rhs, ValueType rt) {
        BinaryExpr checked = b.withOperands(lhs, rhs);
        VectorMatching matching = b.matching().orElse(VectorMatching.DEFAULT);
        if (b.returnBool() && !b.op().isComparison()) {
            error(operatorRange(checked), "bool modifier can only be used on comparison operators");
        }
        if (b.op().isComparison() && !b.returnBool() && rt == ValueType.SCALAR && lt == ValueType.SCALAR) {
            error(operatorRange(checked), "comparisons between scalars must use BOOL modifier");
        }
        if (b.op().isSetOperator() && matching.cardinality() == MatchCardinality.ONE_TO_ONE) {
            matching = matching.withCardinality(MatchCardinality.MANY_TO_MANY);
        }
        if (matching.on()) {
            for (String on : matching.matchingLabels()) {
                for (String included : matching.include()) {
                    if (on.equals(included)) {
                        error(operatorRange(checked), "label " + GoStrings.quote(on)
                                + " must not occur in ON and GROUP clause at once");
                    }
                }
            }
        }
        if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
            error(lhs.positionRange(), "binary expression must contain only scalar and instant vector types");
        }
        if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
            error(rhs.positionRange(), "binary expression must contain only scalar and instant vector types");
        }
        Optional<VectorMatching> result = Optional.of(matching);
        String op = GoStrings.quote(b.op().symbol());
        if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
            if (!matching.matchingLabels().isEmpty()) {
                error(checked.positionRange(), "vector matching only allowed between instant vectors");
            }
            if (matching.hasFill()) {
                error(checked.positionRange(), "filling in missing series only allowed between instant vectors");
            }
            result = Optional.empty();
        } else if (b.op().isSetOperator()) {
            MatchCardinality cardinality = matching.cardinality();
            if (cardinality == MatchCardinality.ONE_TO_MANY || cardinality == MatchCardinality.MANY_TO_ONE) {
                error(checked.positionRange(), "no grouping allowed for " + op + " operation");
            }
            if (cardinality != MatchCardinality.MANY_TO_MANY) {
                error(checked.positionRange(), "set operations must always be many-to-many");
            }
            if (matching.hasFill()) {
                error(checked.positionRange(), "filling in missing series not allowed for set operators");
            }
        }
        if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && b.op().isSetOperator()) {
            error(checked.positionRange(), "set operator " + op + " not allowed in binary scalar expression");
        }
        return new BinaryExpr(b.op(), lhs, rhs, result, b.returnBool());
    }

    private Expr checkCall(Call c) {
        Function function = c.function();
        String name = GoStrings.quote(function.name());
        int declared = function.argTypes().size();
        int given = c.args().size();
        if (function.variadic() == 0) {
            if (declared != given) {
                error(c.positionRange(), "expected " + declared + " argument(s) in call to " + name + ", got " + given);
            }
        } else {
            int required = declared - 1;
            if (required > given) {
                error(c.positionRange(), "expected at least " + required + " argument(s) in call to " + name
                        + ", got " + given);
            } else if (function.variadic() > 0 && required + function.variadic() < given) {
                error(c.positionRange(), "expected at most " + (required + function.variadic())
                        + " argument(s) in call to " + name + ", got " + given);
            }
        }
        boolean labelSelectorsOnly = false;
        if (function.name().equals("info") && given > 1) {
            Expr second = c.args().get(1);
            if (second.type() != ValueType.VECTOR) {
                error(c.positionRange(), "expected type " + ValueType.VECTOR.documentedName() + " in call to function "
                        + name + ", got " + second.type().documentedName());
            }
            if (second instanceof VectorSelector selector && !selector.name().isEmpty()) {
                error(second.positionRange(), "expected label selectors only, got vector selector instead");
            } else if (second instanceof VectorSelector) {
                labelSelectorsOnly = true;
            } else {
                error(second.positionRange(), "expected label selectors only");
            }
        }
        List<Expr> args = new ArrayList<>(c.args());
        for (int i = 0; i < given; i++) {
            int typeIndex = i;
            if (i >= declared) {
                if (function.variadic() == 0) {
                    break;
                }
                typeIndex = declared - 1;
            }
            Expr arg = check(args.get(i), labelSelectorsOnly && i == 1);
            args.set(i, arg);
            ValueType want = function.argTypes().get(typeIndex);
            if (arg.type() != want) {
                error(arg.positionRange(), "expected type " + want.documentedName() + " in call to function " + name
                        + ", got " + arg.type().documentedName());
            }
        }
        return c.withArgs(args);
    }

    private void checkSelector(VectorSelector v, boolean labelSelectorsOnly) {
        List<Matcher> matchers = v.matchers();
        if (!v.name().isEmpty()) {
            // The last matcher is the one for the name written before the braces.
            for (Matcher m : matchers.subList(0, matchers.size() - 1)) {
                if (m.name().equals(Labels.METRIC_NAME)) {
                    error(v.positionRange(), "metric name must not be set twice: " + GoStrings.quote(v.name())
                            + " or " + GoStrings.quote(m.value()));
                }
            }
            return;
        }
        if (!labelSelectorsOnly && matchers.stream().allMatch(Matcher::matchesEmpty)) {
            error(v.positionRange(), "vector selector must contain at least one non-empty matcher");
        }
    }

    private Expr expectType(Expr node, ValueType want, String context) {
        Expr checked = check(node);
        if (checked.type() != want) {
            error(node.positionRange(), "expected type " + want.documentedName() + " in " + context + ", got "
                    + checked.type().documentedName());
        }
        return checked;
    }

    /** The operator between the operands, without the surrounding whitespace (its start is what errors show). */
    private PositionRange operatorRange(BinaryExpr b) {
        int start = b.lhs().positionRange().end();
        int end = b.rhs().positionRange().start() - 1;
        if (start < 0 || end < start || end >= query.length) {
            return b.positionRange();
        }
        while (start < end && Lexer.isSpace(query[start])) {
            start++;
        }
        while (end > start && Lexer.isSpace(query[end])) {
            end--;
        }
        return PositionRange.of(start, end);
    }

    private void error(PositionRange range, String message) {
        errors.add(new ParseError(range, message, queryText));
    }
}
