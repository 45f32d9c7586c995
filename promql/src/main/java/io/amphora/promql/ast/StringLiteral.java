package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/** A string: {@code "a"}, {@code 'a'} or {@code `a`}; {@link #value()} is unquoted (see the package notes on bytes). */
public record StringLiteral(String value, PositionRange positionRange) implements Expr {
    public StringLiteral {
        requireNonNull(value, "value is null");
        requireNonNull(positionRange, "positionRange is null");
    }

    public static StringLiteral of(String value) {
        return new StringLiteral(value, PositionRange.NONE);
    }

    @Override
    public ValueType type() {
        return ValueType.STRING;
    }
}
