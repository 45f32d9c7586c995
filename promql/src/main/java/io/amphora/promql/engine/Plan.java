package io.amphora.promql.engine;

import java.util.List;

import io.amphora.model.Matcher;
import io.amphora.promql.ast.AggregationOp;
import io.amphora.promql.ast.BinaryOp;
import io.amphora.promql.ast.ExtendedRange;
import io.amphora.promql.ast.Function;
import io.amphora.promql.ast.PositionRange;
import io.amphora.promql.ast.ValueType;
import io.amphora.promql.ast.VectorMatching;

/**
 * The evaluation plan of one query: the expression tree after Prometheus's preprocessing for the query's time range
 * ({@link Planner}): durations are resolved to milliseconds, {@code @ start()}/{@code @ end()} to timestamps,
 * {@code start()}/{@code end()}/{@code range()}/{@code step()} to numbers, parentheses are gone, and the highest
 * step-invariant sub-trees are wrapped in {@link StepInvariant} so that they are evaluated once. Immutable.
 */
sealed interface Plan {
    ValueType type();

    /** Where the node is written in the query; the position annotations point at. */
    PositionRange position();

    /**
     * An instant vector selector.
     *
     * @param at the resolved {@code @} time in milliseconds, or null
     * @param offset in milliseconds, possibly negative
     */
    record Selector(String name, List<Matcher> matchers, long offset, Long at, ExtendedRange extendedRange,
            PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }

        boolean anchored() {
            return extendedRange == ExtendedRange.ANCHORED;
        }

        boolean smoothed() {
            return extendedRange == ExtendedRange.SMOOTHED;
        }
    }

    /** {@code selector[range]}; {@code range} in milliseconds. */
    record RangeSelector(Selector selector, long range, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code expr[range:step]}; {@code step} is already the default step when it was omitted. */
    record Subquery(Plan expr, long range, long step, long offset, Long at, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** @param grouping sorted; @param param null unless the operator takes one */
    record Aggregate(AggregationOp op, Plan expr, Plan param, List<String> grouping, boolean without,
            PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    /**
     * @param matching null unless both sides are instant vectors
     * @param type scalar when both sides are, an instant vector otherwise (kept, so that long chains of operators
     *     do not recompute it down the chain)
     */
    record Binary(BinaryOp op, Plan lhs, Plan rhs, VectorMatching matching, boolean returnBool,
            PositionRange position, ValueType type) implements Plan {
        Binary(BinaryOp op, Plan lhs, Plan rhs, VectorMatching matching, boolean returnBool, PositionRange position) {
            this(op, lhs, rhs, matching, returnBool, position,
                    lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR
                            : ValueType.VECTOR);
        }
    }

    record Call(Function function, List<Plan> args, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return function.returnType();
        }
    }

    record NumberLiteral(double value, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record StringLiteral(String value, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** Unary minus (a unary plus is dropped while planning). */
    record Negate(Plan expr, PositionRange position) implements Plan {
        @Override
        public ValueType type() {
            return expr.type();
        }
    }

    /** A sub-tree whose value is the same at every step: evaluated once at the first step and repeated. */
    record StepInvariant(Plan expr) implements Plan {
        @Override
        public ValueType type() {
            return expr.type();
        }

        @Override
        public PositionRange position() {
            return expr.position();
        }
    }
}
