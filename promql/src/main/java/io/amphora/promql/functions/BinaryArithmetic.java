package io.amphora.promql.functions;

import io.amphora.promql.ast.BinaryOp;

/**
 * PromQL's binary operators on two floats, with the results Go gives Prometheus: {@code + - * /} are plain IEEE
 * arithmetic (same in Java), {@code %} is Go's {@code math.Mod} (truncated, exact, sign of the dividend — the same
 * values as Java's {@code %}), {@code ^} is Go's {@code math.Pow} (which differs from Java's {@link Math#pow} at
 * {@code 1^NaN}, {@code 1^±Inf} and {@code (-1)^±Inf}, all 1 in Go) and {@code atan2} is Go's {@code math.Atan2}.
 * Comparisons are IEEE comparisons: NaN is unequal to everything, {@code -0 == 0}.
 *
 * <p>What the engine does with a comparison result (filter or {@code bool}) and with histogram operands is the
 * engine's; this class only computes.
 */
public final class BinaryArithmetic {
    private static final double TWO_POW_63 = 0x1p63;

    private BinaryArithmetic() {}

    /**
     * {@code lhs op rhs} for an arithmetic operator ({@code + - * / % ^ atan2}).
     *
     * @throws IllegalArgumentException for comparison, set and histogram-trim operators
     */
    public static double arithmetic(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case ADD -> lhs + rhs;
            case SUB -> lhs - rhs;
            case MUL -> lhs * rhs;
            case DIV -> lhs / rhs;
            case MOD -> mod(lhs, rhs);
            case POW -> pow(lhs, rhs);
            case ATAN2 -> atan2(lhs, rhs);
            case OR, AND, UNLESS, EQL, NEQ, LTE, LSS, GTE, GTR, TRIM_UPPER, TRIM_LOWER ->
                    throw new IllegalArgumentException("not an arithmetic operator on floats: " + op.symbol());
        };
    }

    /**
     * Whether {@code lhs op rhs} holds for a comparison operator ({@code == != < <= > >=}).
     *
     * @throws IllegalArgumentException for any other operator
     */
    public static boolean compare(BinaryOp op, double lhs, double rhs) {
        return switch (op) {
            case EQL -> lhs == rhs;
            case NEQ -> lhs != rhs;
            case LSS -> lhs < rhs;
            case LTE -> lhs <= rhs;
            case GTR -> lhs > rhs;
            case GTE -> lhs >= rhs;
            case OR, AND, UNLESS, TRIM_UPPER, TRIM_LOWER, ADD, SUB, MUL, DIV, MOD, ATAN2, POW ->
                    throw new IllegalArgumentException("not a comparison operator: " + op.symbol());
        };
    }

    /** {@code x % y}, Go's {@code math.Mod}: NaN for an infinite x, a zero y or a NaN; {@code x} for an infinite y. */
    public static double mod(double x, double y) {
        return x % y;
    }

    /**
     * {@code x ^ y}, Go's {@code math.Pow}. Its special cases, in Go's order: {@code x^±0} and {@code 1^y} are 1
     * (even for NaN); NaN in, NaN out; {@code ±0^y} is ±Inf/+Inf for negative y (sign kept for odd integers) and
     * ±0/+0 for positive y; {@code x^±Inf} is 1 for x = −1, 0 or +Inf by whether |x| &lt; 1; {@code (-Inf)^y} is
     * {@code (-0)^(-y)}; {@code (+Inf)^y} is +Inf or 0; {@code x^0.5} is {@code sqrt(x)} and {@code x^-0.5} is
     * {@code 1/sqrt(x)}; a negative x to a non-integer power is NaN. Other finite cases are computed by
     * {@link StrictMath#pow} and agree with Go to within an ulp or two.
     */
    public static double pow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1;
        }
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Double.NaN;
        }
        if (x == 0) {
            if (y < 0) {
                return isOddInteger(y) ? Math.copySign(Double.POSITIVE_INFINITY, x) : Double.POSITIVE_INFINITY;
            }
            return isOddInteger(y) ? x : 0;
        }
        if (Double.isInfinite(y)) {
            if (x == -1) {
                return 1;
            }
            return (Math.abs(x) < 1) == (y > 0) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(x)) {
            if (x < 0) {
                return pow(1 / x, -y);
            }
            return y < 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        if (y == 0.5) {
            return Math.sqrt(x);
        }
        if (y == -0.5) {
            return 1 / Math.sqrt(x);
        }
        return StrictMath.pow(x, y);
    }

    /**
     * {@code atan2(y, x)}, Go's {@code math.Atan2}: the special values of C99 for zeros and infinities, and
     * otherwise {@code atan(y/x)} moved into the quadrant of {@code (x, y)} by adding or subtracting π, as Go
     * computes it.
     */
    public static double atan2(double y, double x) {
        if (Double.isNaN(y) || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (y == 0) {
            if (x >= 0 && !signBit(x)) {
                return Math.copySign(0, y);
            }
            return Math.copySign(Math.PI, y);
        }
        if (x == 0) {
            return Math.copySign(Math.PI / 2, y);
        }
        if (Double.isInfinite(x)) {
            if (x > 0) {
                return Double.isInfinite(y) ? Math.copySign(Math.PI / 4, y) : Math.copySign(0, y);
            }
            return Double.isInfinite(y) ? Math.copySign(3 * Math.PI / 4, y) : Math.copySign(Math.PI, y);
        }
        if (Double.isInfinite(y)) {
            return Math.copySign(Math.PI / 2, y);
        }
        double q = StrictMath.atan(y / x);
        if (x < 0) {
            return q <= 0 ? q + Math.PI : q - Math.PI;
        }
        return q;
    }

    private static boolean signBit(double x) {
        return Double.doubleToRawLongBits(x) < 0;
    }

    /** Go's {@code isOddInt}: an integral value whose int64 conversion is odd (never for |y| ≥ 2^63). */
    private static boolean isOddInteger(double y) {
        if (Math.abs(y) >= TWO_POW_63 || y != Math.rint(y)) {
            return false;
        }
        return (((long) y) & 1) == 1;
    }
}
