package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/** {@code (expr)}; kept in the tree so that printing preserves the grouping that precedence would not. */
public record ParenExpr(Expr expr, PositionRange positionRange) implements Expr {
    public ParenExpr {
        requireNonNull(expr, "expr is null");
        requireNonNull(positionRange, "positionRange is null");
    }

    public static ParenExpr of(Expr expr) {
        return new ParenExpr(expr, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return expr.type();
    }
}
