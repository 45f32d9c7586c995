package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/** {@code -expr} or {@code +expr} on anything but a number literal (a sign on a literal is part of the literal). */
public record UnaryExpr(UnaryOp op, Expr expr, PositionRange positionRange) implements Expr {
    public UnaryExpr {
        requireNonNull(op, "op is null");
        requireNonNull(expr, "expr is null");
        requireNonNull(positionRange, "positionRange is null");
    }

    public static UnaryExpr of(UnaryOp op, Expr expr) {
        return new UnaryExpr(op, expr, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return expr.type();
    }
}
