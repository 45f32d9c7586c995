package io.amphora.promql.functions;

import io.amphora.promql.ast.BinaryOp;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BinaryArithmeticTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    @Test
    void basicArithmeticIsIeee() {
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.ADD, 1000, 2)).isEqualTo(1002);
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.SUB, 1000, 2)).isEqualTo(998);
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.MUL, -10, 3)).isEqualTo(-30);
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.DIV, 1000, 2600)).isEqualTo(0.38461538461538464);
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.DIV, 1000, 0)).isEqualTo(INF);
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.DIV, 0, 0)).isNaN();
    }

    @Test
    void moduloIsTruncatedWithTheSignOfTheDividend() {
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.MOD, 1000, 3)).isEqualTo(1);
        assertThat(BinaryArithmetic.mod(2600, 3)).isEqualTo(2);
        assertThat(BinaryArithmetic.mod(-5, 3)).isEqualTo(-2);
        assertThat(BinaryArithmetic.mod(5, -3)).isEqualTo(2);
        assertThat(BinaryArithmetic.mod(5.5, 2)).isEqualTo(1.5);
        assertThat(BinaryArithmetic.mod(1000, 0.3)).isCloseTo(0.1, within(1e-12));
        assertThat(bits(BinaryArithmetic.mod(-0.0, 2))).isEqualTo(bits(-0.0));
    }

    @Test
    void moduloSpecialValues() {
        assertThat(BinaryArithmetic.mod(INF, 2)).isNaN();
        assertThat(BinaryArithmetic.mod(2, 0)).isNaN();
        assertThat(BinaryArithmetic.mod(0, 0)).isNaN();
        assertThat(BinaryArithmetic.mod(2, INF)).isEqualTo(2);
        assertThat(BinaryArithmetic.mod(2, NAN)).isNaN();
        assertThat(BinaryArithmetic.mod(NAN, 2)).isNaN();
    }

    @Test
    void powerOfOneAndToTheZeroIsOneEvenWithNaNOrInfinity() {
        assertThat(BinaryArithmetic.pow(1, NAN)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(1, INF)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(NAN, 0)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(NAN, -0.0)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(-1, INF)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(-1, -INF)).isEqualTo(1);
        assertThat(BinaryArithmetic.pow(NAN, 1)).isNaN();
        assertThat(BinaryArithmetic.pow(2, NAN)).isNaN();
    }

    @Test
    void powerOfSignedZeros() {
        assertThat(BinaryArithmetic.pow(-0.0, -1)).isEqualTo(-INF);
        assertThat(BinaryArithmetic.pow(0.0, -1)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(-0.0, -2)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(-0.0, -0.5)).isEqualTo(INF);
        assertThat(bits(BinaryArithmetic.pow(-0.0, 3))).isEqualTo(bits(-0.0));
        assertThat(bits(BinaryArithmetic.pow(-0.0, 2))).isEqualTo(bits(0.0));
        assertThat(bits(BinaryArithmetic.pow(-0.0, 0.5))).isEqualTo(bits(0.0));
        assertThat(BinaryArithmetic.pow(0.0, -INF)).isEqualTo(INF);
        assertThat(bits(BinaryArithmetic.pow(-0.0, INF))).isEqualTo(bits(0.0));
    }

    @Test
    void powerWithInfiniteExponentOrBase() {
        assertThat(BinaryArithmetic.pow(2, INF)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(2, -INF)).isZero();
        assertThat(BinaryArithmetic.pow(0.5, INF)).isZero();
        assertThat(BinaryArithmetic.pow(-0.5, -INF)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(INF, 2)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(INF, -1)).isZero();
        assertThat(BinaryArithmetic.pow(-INF, 3)).isEqualTo(-INF);
        assertThat(BinaryArithmetic.pow(-INF, 2)).isEqualTo(INF);
        assertThat(bits(BinaryArithmetic.pow(-INF, -3))).isEqualTo(bits(-0.0));
        assertThat(bits(BinaryArithmetic.pow(-INF, -2))).isEqualTo(bits(0.0));
    }

    @Test
    void powerOfFiniteValues() {
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.POW, 1000, 2)).isEqualTo(1000000);
        assertThat(BinaryArithmetic.pow(4, 4)).isEqualTo(256);
        assertThat(BinaryArithmetic.pow(2, 9)).isEqualTo(512);
        assertThat(BinaryArithmetic.pow(-2, 3)).isEqualTo(-8);
        assertThat(BinaryArithmetic.pow(-10, 3)).isEqualTo(-1000);
        assertThat(BinaryArithmetic.pow(2600, -1)).isEqualTo(1.0 / 2600);
        assertThat(BinaryArithmetic.pow(2, 0.5)).isEqualTo(Math.sqrt(2));
        assertThat(BinaryArithmetic.pow(4, -0.5)).isEqualTo(0.5);
        assertThat(BinaryArithmetic.pow(-4, 0.5)).isNaN();
        assertThat(BinaryArithmetic.pow(-8, 1.0 / 3)).isNaN();
        assertThat(BinaryArithmetic.pow(10, 400)).isEqualTo(INF);
        assertThat(BinaryArithmetic.pow(-2, 1e300)).isEqualTo(INF);
    }

    @Test
    void atan2FollowsGoSpecialCases() {
        assertThat(BinaryArithmetic.arithmetic(BinaryOp.ATAN2, 10, 20)).isEqualTo(0.4636476090008061);
        assertThat(BinaryArithmetic.atan2(10, NAN)).isNaN();
        assertThat(BinaryArithmetic.atan2(0.0, -0.0)).isEqualTo(Math.PI);
        assertThat(BinaryArithmetic.atan2(-0.0, -0.0)).isEqualTo(-Math.PI);
        assertThat(bits(BinaryArithmetic.atan2(-0.0, 0.0))).isEqualTo(bits(-0.0));
        assertThat(BinaryArithmetic.atan2(1, 0)).isEqualTo(Math.PI / 2);
        assertThat(BinaryArithmetic.atan2(-1, -0.0)).isEqualTo(-Math.PI / 2);
        assertThat(BinaryArithmetic.atan2(INF, INF)).isEqualTo(Math.PI / 4);
        assertThat(BinaryArithmetic.atan2(-INF, -INF)).isEqualTo(-3 * Math.PI / 4);
        assertThat(bits(BinaryArithmetic.atan2(-1, INF))).isEqualTo(bits(-0.0));
        assertThat(BinaryArithmetic.atan2(1, -INF)).isEqualTo(Math.PI);
        assertThat(BinaryArithmetic.atan2(-INF, 5)).isEqualTo(-Math.PI / 2);
    }

    @Test
    void atan2MovesTheArcTangentIntoTheRightQuadrant() {
        assertThat(BinaryArithmetic.atan2(1, -1)).isEqualTo(StrictMath.atan(-1) + Math.PI);
        assertThat(BinaryArithmetic.atan2(-1, -1)).isEqualTo(StrictMath.atan(1) - Math.PI);
        assertThat(BinaryArithmetic.atan2(1, -1)).isCloseTo(3 * Math.PI / 4, within(1e-15));
    }

    @Test
    void comparisonsAreIeee() {
        assertThat(BinaryArithmetic.compare(BinaryOp.EQL, -0.0, 0.0)).isTrue();
        assertThat(BinaryArithmetic.compare(BinaryOp.EQL, NAN, NAN)).isFalse();
        assertThat(BinaryArithmetic.compare(BinaryOp.NEQ, NAN, NAN)).isTrue();
        assertThat(BinaryArithmetic.compare(BinaryOp.LSS, 1, 2)).isTrue();
        assertThat(BinaryArithmetic.compare(BinaryOp.LTE, 2, 2)).isTrue();
        assertThat(BinaryArithmetic.compare(BinaryOp.GTR, NAN, 1)).isFalse();
        assertThat(BinaryArithmetic.compare(BinaryOp.GTE, INF, INF)).isTrue();
    }

    @Test
    void rejectsOperatorsOfTheWrongKind() {
        assertThatThrownBy(() -> BinaryArithmetic.arithmetic(BinaryOp.EQL, 1, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("==");
        assertThatThrownBy(() -> BinaryArithmetic.arithmetic(BinaryOp.TRIM_UPPER, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BinaryArithmetic.compare(BinaryOp.ADD, 1, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
