package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A subquery {@code expr[range:step] @ t offset d}.
 *
 * @param step {@link QueryDuration#ZERO} when omitted ({@code [1h:]}): the engine's default step applies
 * @param offset {@link QueryDuration#ZERO} when absent
 */
public record SubqueryExpr(
        Expr expr, QueryDuration range, QueryDuration step, QueryDuration offset, AtModifier at,
        PositionRange positionRange)
        implements Expr {
    public SubqueryExpr {
        requireNonNull(expr, "expr is null");
        requireNonNull(range, "range is null");
        requireNonNull(step, "step is null");
        requireNonNull(offset, "offset is null");
        requireNonNull(at, "at is null");
        requireNonNull(positionRange, "positionRange is null");
    }

    public static SubqueryExpr of(Expr expr, QueryDuration range, QueryDuration step) {
        return new SubqueryExpr(expr, range, step, QueryDuration.ZERO, AtModifier.NONE, PositionRange.NONE);
    }

    public SubqueryExpr withOffset(QueryDuration offset) {
        return new SubqueryExpr(expr, range, step, offset, at, positionRange);
    }

    public SubqueryExpr withAt(AtModifier at) {
        return new SubqueryExpr(expr, range, step, offset, at, positionRange);
    }

    public SubqueryExpr withExpr(Expr expr) {
        return new SubqueryExpr(expr, range, step, offset, at, positionRange);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
