package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A number: {@code 1}, {@code -2.5e3}, {@code 0x1f}, {@code Inf}, {@code NaN}, or a duration used as a number of
 * seconds ({@code time() - 1h}).
 *
 * @param durationUnit written as a duration ({@code 1h}); it is printed as one
 */
public record NumberLiteral(double value, boolean durationUnit, PositionRange positionRange) implements Expr {
    public NumberLiteral {
        requireNonNull(positionRange, "positionRange is null");
    }

    public static NumberLiteral of(double value) {
        return new NumberLiteral(value, false, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }
}
