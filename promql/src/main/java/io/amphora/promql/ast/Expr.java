package io.amphora.promql.ast;

/** A PromQL expression. Every implementation is an immutable record. */
public sealed interface Expr
        permits AggregateExpr, BinaryExpr, Call, MatrixSelector, NumberLiteral, ParenExpr, StringLiteral, SubqueryExpr,
        UnaryExpr, VectorSelector {

    /** The type this expression evaluates to; derived from its structure, as Prometheus's {@code Expr.Type()}. */
    ValueType type();

    /** Where the expression is written in the query; {@link PositionRange#NONE} for built trees. */
    PositionRange positionRange();
}
