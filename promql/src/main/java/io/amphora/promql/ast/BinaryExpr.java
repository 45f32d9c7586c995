package io.amphora.promql.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code lhs op rhs}.
 *
 * @param matching present when both sides are instant vectors (after type checking; the parser keeps what was
 *         written until then); set operators always match many-to-many
 * @param returnBool the {@code bool} modifier of a comparison
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, Optional<VectorMatching> matching, boolean returnBool)
        implements Expr {
    public BinaryExpr {
        requireNonNull(op, "op is null");
        requireNonNull(lhs, "lhs is null");
        requireNonNull(rhs, "rhs is null");
        requireNonNull(matching, "matching is null");
    }

    public BinaryExpr withOperands(Expr lhs, Expr rhs) {
        return new BinaryExpr(op, lhs, rhs, matching, returnBool);
    }

    /**
     * Scalar when both sides are scalars, an instant vector otherwise. Like everything that follows the left operand
     * here, it loops rather than recurses, so that long chains such as {@code a or b or c or ...} (a tree as deep as
     * the chain is long) do not exhaust the stack.
     */
    @Override
    public ValueType type() {
        Expr left = this;
        while (left instanceof BinaryExpr b) {
            if (b.rhs.type() != ValueType.SCALAR) {
                return ValueType.VECTOR;
            }
            left = b.lhs;
        }
        return left.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    /** From the start of the left operand to the end of the right one. */
    @Override
    public PositionRange positionRange() {
        Expr left = lhs;
        while (left instanceof BinaryExpr b) {
            left = b.lhs;
        }
        Expr right = rhs;
        while (right instanceof BinaryExpr b) {
            right = b.rhs;
        }
        return PositionRange.span(left.positionRange(), right.positionRange());
    }

    /**
     * The chain of binary expressions down the left operands, outermost first: for {@code a + b - c} the
     * subtraction, then the addition. The left operand of the last one is not a binary expression.
     */
    public List<BinaryExpr> leftSpine() {
        List<BinaryExpr> spine = new ArrayList<>();
        Expr node = this;
        while (node instanceof BinaryExpr b) {
            spine.add(b);
            node = b.lhs;
        }
        return spine;
    }
}
