package io.amphora.promql.ast;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An aggregation: {@code sum by (job) (x)}, {@code topk without (instance) (5, x)}.
 *
 * @param param present exactly when {@link AggregationOp#takesParameter()}
 * @param grouping the {@code by}/{@code without} labels; empty for none ({@code sum by () (x)} is {@code sum(x)})
 * @param without whether {@link #grouping()} lists the labels to drop rather than to keep
 */
public record AggregateExpr(
        AggregationOp op, Expr expr, Optional<Expr> param, List<String> grouping, boolean without,
        PositionRange positionRange)
        implements Expr {
    public AggregateExpr {
        requireNonNull(op, "op is null");
        requireNonNull(expr, "expr is null");
        requireNonNull(param, "param is null");
        grouping = List.copyOf(requireNonNull(grouping, "grouping is null"));
        requireNonNull(positionRange, "positionRange is null");
        if (param.isPresent() != op.takesParameter()) {
            throw new IllegalArgumentException(op.keyword() + (op.takesParameter() ? " needs" : " takes no") + " parameter");
        }
    }

    public AggregateExpr withExpr(Expr expr, Optional<Expr> param) {
        return new AggregateExpr(op, expr, param, grouping, without, positionRange);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }
}
