package io.amphora.promql.ast;

import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * An arithmetic duration expression inside brackets or after {@code offset} (Prometheus 3 "duration expressions"),
 * in seconds: {@code [5m + step()]}, {@code offset -(1h / 2)}, {@code [max_of(range(), 5m)]}. The engine evaluates
 * it per query, because {@code step()} and {@code range()} depend on the query.
 *
 * <p>Parentheses are kept as {@link Paren} nodes so that the tree prints back the way it was written; a unary plus
 * is dropped and a unary minus in front of a literal is folded into it, as Prometheus does.
 */
public sealed interface DurationExpr {

    /** Where it is written; Prometheus's ranges, which for some nodes leave out parentheses. */
    PositionRange positionRange();

    /**
     * A number in seconds.
     *
     * @param durationUnit written with a unit ({@code 5m}) rather than as a plain number ({@code 300}); decides how
     *         it is printed
     */
    record Literal(double seconds, boolean durationUnit, PositionRange positionRange) implements DurationExpr {
        public Literal {
            requireNonNull(positionRange, "positionRange is null");
        }
    }

    /** {@code lhs op rhs} for {@code + - * / % ^}. */
    record Binary(BinaryOp op, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {
        private static final Set<BinaryOp> OPERATORS =
                Set.of(BinaryOp.ADD, BinaryOp.SUB, BinaryOp.MUL, BinaryOp.DIV, BinaryOp.MOD, BinaryOp.POW);

        public Binary {
            requireNonNull(op, "op is null");
            requireNonNull(lhs, "lhs is null");
            requireNonNull(rhs, "rhs is null");
            if (!OPERATORS.contains(op)) {
                throw new IllegalArgumentException("not a duration operator: " + op.symbol());
            }
        }

        @Override
        public PositionRange positionRange() {
            return PositionRange.span(lhs.positionRange(), rhs.positionRange());
        }
    }

    /** {@code -operand} where the operand is not a literal. */
    record Negate(DurationExpr operand, PositionRange positionRange) implements DurationExpr {
        public Negate {
            requireNonNull(operand, "operand is null");
            requireNonNull(positionRange, "positionRange is null");
        }
    }

    /** {@code (inner)}. */
    record Paren(DurationExpr inner, PositionRange positionRange) implements DurationExpr {
        public Paren {
            requireNonNull(inner, "inner is null");
            requireNonNull(positionRange, "positionRange is null");
        }
    }

    /** {@code step()}: the query's step; the evaluation interval for instant queries. */
    record Step(PositionRange positionRange) implements DurationExpr {
        public Step {
            requireNonNull(positionRange, "positionRange is null");
        }
    }

    /** {@code range()}: the query's end minus its start; 0 for instant queries. */
    record Range(PositionRange positionRange) implements DurationExpr {
        public Range {
            requireNonNull(positionRange, "positionRange is null");
        }
    }

    /** {@code min_of(lhs, rhs)} or, with {@code max}, {@code max_of(lhs, rhs)}. */
    record Extremum(boolean max, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {
        public Extremum {
            requireNonNull(lhs, "lhs is null");
            requireNonNull(rhs, "rhs is null");
        }

        public String functionName() {
            return max ? "max_of" : "min_of";
        }

        /** Like Prometheus: from the first argument to the end of the second, without the function name. */
        @Override
        public PositionRange positionRange() {
            return PositionRange.span(lhs.positionRange(), rhs.positionRange());
        }
    }
}
