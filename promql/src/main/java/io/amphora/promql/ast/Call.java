package io.amphora.promql.ast;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** A function call {@code rate(x[5m])}. */
public record Call(Function function, List<Expr> args, PositionRange positionRange) implements Expr {
    public Call {
        requireNonNull(function, "function is null");
        args = List.copyOf(requireNonNull(args, "args is null"));
        requireNonNull(positionRange, "positionRange is null");
    }

    public static Call of(Function function, Expr... args) {
        return new Call(function, List.of(args), PositionRange.NONE);
    }

    public Call withArgs(List<Expr> args) {
        return new Call(function, args, positionRange);
    }

    @Override
    public ValueType type() {
        return function.returnType();
    }
}
