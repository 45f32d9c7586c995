package io.amphora.promql.ast;

import static java.util.Objects.requireNonNull;

/**
 * A range vector selector {@code selector[range]}. Its {@code offset}, {@code @} and {@code anchored}/{@code smoothed}
 * modifiers are written after the brackets but live on {@link #selector()}, as in Prometheus.
 *
 * @param range a positive literal, or a duration expression checked when evaluated
 */
public record MatrixSelector(VectorSelector selector, QueryDuration range, PositionRange positionRange)
        implements Expr {
    public MatrixSelector {
        requireNonNull(selector, "selector is null");
        requireNonNull(range, "range is null");
        requireNonNull(positionRange, "positionRange is null");
    }

    public static MatrixSelector of(VectorSelector selector, QueryDuration range) {
        return new MatrixSelector(selector, range, PositionRange.NONE);
    }

    public MatrixSelector withSelector(VectorSelector selector) {
        return new MatrixSelector(selector, range, positionRange);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }
}
