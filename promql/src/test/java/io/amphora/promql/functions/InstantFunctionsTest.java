package io.amphora.promql.functions;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class InstantFunctionsTest {
    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** Within two ulps of the value Prometheus printed (Go and fdlibm may round the last bit differently). */
    private static void assertCloseToGo(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(2 * Math.ulp(expected)));
    }

    private static boolean isNegativeZero(double v) {
        return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(-0.0);
    }

    @Test
    void roundingFunctionsOnHalvesZerosAndInfinities() {
        assertThat(InstantFunctions.ceil(2.5)).isEqualTo(3);
        assertThat(InstantFunctions.ceil(-2.5)).isEqualTo(-2);
        assertThat(isNegativeZero(InstantFunctions.ceil(-0.5))).isTrue();
        assertThat(InstantFunctions.floor(-2.5)).isEqualTo(-3);
        assertThat(InstantFunctions.floor(INF)).isEqualTo(INF);
        assertThat(InstantFunctions.abs(-0.0)).isEqualTo(0.0);
        assertThat(isNegativeZero(InstantFunctions.abs(-0.0))).isFalse();
    }

    @Test
    void roundBreaksTiesUpwards() {
        assertThat(InstantFunctions.round(2.5)).isEqualTo(3);
        assertThat(InstantFunctions.round(-2.5)).isEqualTo(-2);
        assertThat(InstantFunctions.round(2)).isEqualTo(2);
        assertThat(isNegativeZero(InstantFunctions.round(-0.0))).isFalse();
        assertThat(InstantFunctions.round(-INF)).isEqualTo(-INF);
        assertThat(InstantFunctions.round(NAN)).isNaN();
    }

    @Test
    void roundToNearestMultiplies() {
        assertThat(InstantFunctions.round(12.34, 0.1)).isEqualTo(12.3);
        assertThat(InstantFunctions.round(17, 5)).isEqualTo(15);
        assertThat(InstantFunctions.round(17.5, 5)).isEqualTo(20);
        assertThat(InstantFunctions.round(3.14159, 0.01)).isEqualTo(3.14);
        assertThat(InstantFunctions.round(5, 0)).isNaN();
    }

    @Test
    void sgnKeepsZerosAndNaN() {
        assertThat(InstantFunctions.sgn(-INF)).isEqualTo(-1);
        assertThat(InstantFunctions.sgn(100)).isEqualTo(1);
        assertThat(InstantFunctions.sgn(0)).isZero();
        assertThat(isNegativeZero(InstantFunctions.sgn(-0.0))).isTrue();
        assertThat(InstantFunctions.sgn(NAN)).isNaN();
    }

    @Test
    void clampLimitsToTheBounds() {
        assertThat(InstantFunctions.clamp(-50, -25, 75)).isEqualTo(-25);
        assertThat(InstantFunctions.clamp(0, -25, 75)).isZero();
        assertThat(InstantFunctions.clamp(100, -25, 75)).isEqualTo(75);
        assertThat(InstantFunctions.clampMin(-50, -25)).isEqualTo(-25);
        assertThat(InstantFunctions.clampMax(100, 75)).isEqualTo(75);
        assertThat(InstantFunctions.clampIsEmpty(5, -5)).isTrue();
        assertThat(InstantFunctions.clampIsEmpty(-5, 5)).isFalse();
        assertThat(InstantFunctions.clampIsEmpty(NAN, 0)).isFalse();
    }

    @Test
    void clampWithANaNBoundIsNaNExceptWhereGoLetsAnInfinityWin() {
        assertThat(InstantFunctions.clamp(-50, 0, NAN)).isNaN();
        assertThat(InstantFunctions.clamp(100, NAN, 0)).isNaN();
        assertThat(InstantFunctions.clampMin(5, NAN)).isNaN();
        assertThat(InstantFunctions.clampMin(INF, NAN)).isEqualTo(INF);
        assertThat(InstantFunctions.clampMax(-INF, NAN)).isEqualTo(-INF);
        assertThat(InstantFunctions.clampMin(NAN, 5)).isNaN();
    }

    @Test
    void maxOfAndMinOfFollowGoMathMaxAndMin() {
        assertThat(InstantFunctions.maxOf(INF, NAN)).isEqualTo(INF);
        assertThat(InstantFunctions.maxOf(1, NAN)).isNaN();
        assertThat(isNegativeZero(InstantFunctions.maxOf(-0.0, 0.0))).isFalse();
        assertThat(InstantFunctions.minOf(NAN, -INF)).isEqualTo(-INF);
        assertThat(InstantFunctions.minOf(1, NAN)).isNaN();
        assertThat(isNegativeZero(InstantFunctions.minOf(0.0, -0.0))).isTrue();
        assertThat(InstantFunctions.maxOf(1, 2)).isEqualTo(2);
        assertThat(InstantFunctions.minOf(1, 2)).isEqualTo(1);
    }

    @Test
    void exponentialsAndLogarithmsMatchPrometheus() {
        assertCloseToGo(InstantFunctions.exp(10), 22026.465794806718);
        assertCloseToGo(InstantFunctions.exp(20), 485165195.4097903);
        assertCloseToGo(InstantFunctions.exp(-10), 4.5399929762484854e-05);
        assertThat(InstantFunctions.exp(0)).isEqualTo(1);
        assertCloseToGo(InstantFunctions.ln(10), 2.302585092994046);
        assertCloseToGo(InstantFunctions.ln(20), 2.995732273553991);
        assertThat(InstantFunctions.ln(0)).isEqualTo(-INF);
        assertThat(InstantFunctions.ln(-10)).isNaN();
        assertThat(InstantFunctions.sqrt(10)).isEqualTo(3.1622776601683795);
        assertThat(InstantFunctions.sqrt(20)).isEqualTo(4.47213595499958);
    }

    @Test
    void log2IsExactForPowersOfTwoAndUsesGosDecomposition() {
        // Go computes ln(0.625) one ulp above the correctly rounded value that fdlibm returns, which moves
        // log2(10) = ln(0.625)/ln(2) + 4 by one ulp; the decomposition itself is Go's.
        assertCloseToGo(InstantFunctions.log2(10), 3.3219280948873626);
        assertThat(InstantFunctions.log2(10)).isEqualTo(StrictMath.log(0.625) * 1.4426950408889634 + 4);
        assertThat(InstantFunctions.log2(20)).isEqualTo(4.321928094887363);
        assertThat(InstantFunctions.log2(8)).isEqualTo(3);
        assertThat(InstantFunctions.log2(0.125)).isEqualTo(-3);
        assertThat(InstantFunctions.log2(Double.MIN_VALUE)).isEqualTo(-1074);
        assertThat(InstantFunctions.log2(0)).isEqualTo(-INF);
        assertThat(InstantFunctions.log2(-0.0)).isEqualTo(-INF);
        assertThat(InstantFunctions.log2(-10)).isNaN();
        assertThat(InstantFunctions.log2(INF)).isEqualTo(INF);
        assertThat(InstantFunctions.log2(NAN)).isNaN();
    }

    @Test
    void log10MultipliesByGosInverseOfLn10() {
        assertThat(InstantFunctions.log10(10)).isEqualTo(1);
        assertThat(InstantFunctions.log10(100)).isEqualTo(2);
        assertThat(InstantFunctions.log10(20)).isEqualTo(1.301029995663981);
        assertThat(InstantFunctions.log10(0)).isEqualTo(-INF);
        assertThat(InstantFunctions.log10(-1)).isNaN();
    }

    @Test
    void trigonometryMatchesPrometheus() {
        assertCloseToGo(InstantFunctions.sin(10), -0.5440211108893699);
        assertCloseToGo(InstantFunctions.cos(20), 0.40808206181339196);
        assertCloseToGo(InstantFunctions.tan(10), 0.6483608274590867);
        assertCloseToGo(InstantFunctions.tan(20), 2.2371609442247427);
        assertCloseToGo(InstantFunctions.asin(10 - 10.1), -0.10016742116155944);
        assertCloseToGo(InstantFunctions.acos(10 - 10.1), 1.670963747956456);
        assertCloseToGo(InstantFunctions.atan(10), 1.4711276743037345);
        assertCloseToGo(InstantFunctions.atan(20), 1.5208379310729538);
        assertThat(InstantFunctions.asin(20 - 10.1)).isNaN();
        assertThat(InstantFunctions.sin(INF)).isNaN();
        assertThat(isNegativeZero(InstantFunctions.sin(-0.0))).isTrue();
    }

    @Test
    void hyperbolicFunctionsMatchPrometheus() {
        // trig_functions.test prints cosh(10) for sinh(10) too; they differ by 2e-9 relative, within its tolerance.
        assertCloseToGo(InstantFunctions.sinh(10), 11013.232874703393);
        assertCloseToGo(InstantFunctions.cosh(10), 11013.232920103324);
        assertCloseToGo(InstantFunctions.sinh(20), 2.4258259770489514e+08);
        assertCloseToGo(InstantFunctions.cosh(20), 2.4258259770489514e+08);
        assertCloseToGo(InstantFunctions.tanh(10), 0.9999999958776927);
        assertThat(InstantFunctions.tanh(20)).isEqualTo(1);
        assertCloseToGo(InstantFunctions.asinh(10), 2.99822295029797);
        assertCloseToGo(InstantFunctions.asinh(20), 3.6895038689889055);
        assertCloseToGo(InstantFunctions.acosh(10), 2.993222846126381);
        assertCloseToGo(InstantFunctions.acosh(20), 3.6882538673612966);
        assertCloseToGo(InstantFunctions.atanh(10 - 10.1), -0.10033534773107522);
    }

    @Test
    void inverseHyperbolicFunctionsAgreeWithTheirDefinitions() {
        assertThat(InstantFunctions.asinh(1e-10)).isEqualTo(1e-10);
        for (double x : new double[] {0.3, 1.5, 2.5, 7, 1e5, 1e12}) {
            double asinh = Math.log(x + Math.sqrt(x * x + 1));
            assertThat(InstantFunctions.asinh(x)).as("asinh(%s)", x).isCloseTo(asinh, within(4 * Math.ulp(asinh)));
            assertThat(InstantFunctions.asinh(-x)).isEqualTo(-InstantFunctions.asinh(x));
        }
        for (double x : new double[] {1.0000001, 1.5, 2, 3, 1e4, 1e9}) {
            double acosh = Math.log(x + Math.sqrt(x * x - 1));
            assertThat(InstantFunctions.acosh(x)).as("acosh(%s)", x).isCloseTo(acosh, within(1e-9 * acosh));
        }
        assertThat(InstantFunctions.atanh(1e-10)).isEqualTo(1e-10);
        for (double x : new double[] {0.2, 0.5, 0.75, 0.99}) {
            double atanh = 0.5 * Math.log((1 + x) / (1 - x));
            assertThat(InstantFunctions.atanh(x)).as("atanh(%s)", x).isCloseTo(atanh, within(1e-12 * atanh));
            assertThat(InstantFunctions.atanh(-x)).isEqualTo(-InstantFunctions.atanh(x));
        }
        assertThat(InstantFunctions.asinh(1e300)).isCloseTo(Math.log(1e300) + Math.log(2), within(1e-12));
    }

    @Test
    void inverseHyperbolicSpecialValues() {
        assertThat(isNegativeZero(InstantFunctions.asinh(-0.0))).isTrue();
        assertThat(InstantFunctions.asinh(-INF)).isEqualTo(-INF);
        assertThat(InstantFunctions.acosh(1)).isZero();
        assertThat(InstantFunctions.acosh(0.5)).isNaN();
        assertThat(InstantFunctions.acosh(INF)).isEqualTo(INF);
        assertThat(InstantFunctions.atanh(1)).isEqualTo(INF);
        assertThat(InstantFunctions.atanh(-1)).isEqualTo(-INF);
        assertThat(InstantFunctions.atanh(1.5)).isNaN();
        assertThat(isNegativeZero(InstantFunctions.atanh(-0.0))).isTrue();
        assertThat(InstantFunctions.asinh(NAN)).isNaN();
        assertThat(InstantFunctions.acosh(NAN)).isNaN();
        assertThat(InstantFunctions.atanh(NAN)).isNaN();
    }

    @Test
    void degreesAndRadians() {
        assertThat(InstantFunctions.rad(10)).isEqualTo(0.17453292519943295);
        assertThat(InstantFunctions.rad(20)).isEqualTo(0.3490658503988659);
        assertThat(InstantFunctions.deg(10)).isEqualTo(572.9577951308232);
        assertThat(InstantFunctions.deg(20)).isEqualTo(1145.9155902616465);
        assertThat(InstantFunctions.deg(-10)).isEqualTo(-572.9577951308232);
        assertThat(InstantFunctions.pi()).isEqualTo(3.141592653589793);
    }

    @Test
    void dateFunctionsOfGosReferenceTime() {
        double t = 1136239445; // 2006-01-02 22:04:05 UTC, a Monday.

        assertThat(InstantFunctions.year(t)).isEqualTo(2006);
        assertThat(InstantFunctions.month(t)).isEqualTo(1);
        assertThat(InstantFunctions.dayOfMonth(t)).isEqualTo(2);
        assertThat(InstantFunctions.dayOfYear(t)).isEqualTo(2);
        assertThat(InstantFunctions.dayOfWeek(t)).isEqualTo(1);
        assertThat(InstantFunctions.hour(t)).isEqualTo(22);
        assertThat(InstantFunctions.minute(t)).isEqualTo(4);
        assertThat(InstantFunctions.daysInMonth(t)).isEqualTo(31);
    }

    @Test
    void dateFunctionsAtTheEpochAndJustBefore() {
        assertThat(InstantFunctions.year(0)).isEqualTo(1970);
        assertThat(InstantFunctions.dayOfWeek(0)).isEqualTo(4);
        assertThat(InstantFunctions.dayOfYear(0)).isEqualTo(1);
        assertThat(InstantFunctions.year(-1)).isEqualTo(1969);
        assertThat(InstantFunctions.month(-1)).isEqualTo(12);
        assertThat(InstantFunctions.dayOfMonth(-1)).isEqualTo(31);
        assertThat(InstantFunctions.dayOfYear(-1)).isEqualTo(365);
        assertThat(InstantFunctions.dayOfWeek(-1)).isEqualTo(3);
        assertThat(InstantFunctions.hour(-1)).isEqualTo(23);
        assertThat(InstantFunctions.minute(-1)).isEqualTo(59);
    }

    @Test
    void dateFunctionsTruncateFractionsTowardZero() {
        assertThat(InstantFunctions.minute(59.9)).isZero();
        assertThat(InstantFunctions.year(-0.5)).isEqualTo(1970);
        assertThat(InstantFunctions.evaluationTimeSeconds(-1_500)).isEqualTo(-1);
        assertThat(InstantFunctions.evaluationTimeSeconds(3_000_999)).isEqualTo(3000);
    }

    @Test
    void dateFunctionsAroundYearEndsAndLeapDays() {
        assertThat(InstantFunctions.year(1230767999)).isEqualTo(2008);
        assertThat(InstantFunctions.year(1230768000)).isEqualTo(2009);
        assertThat(InstantFunctions.month(1456790399)).isEqualTo(2);
        assertThat(InstantFunctions.dayOfMonth(1456790399)).isEqualTo(29);
        assertThat(InstantFunctions.month(1456790400)).isEqualTo(3);
        assertThat(InstantFunctions.dayOfMonth(1456790400)).isEqualTo(1);
        assertThat(InstantFunctions.dayOfYear(1456790400)).isEqualTo(61);
        assertThat(InstantFunctions.dayOfYear(1483191420)).isEqualTo(366);
        assertThat(InstantFunctions.dayOfYear(1672493820)).isEqualTo(365);
    }

    @Test
    void daysInMonthFollowsTheGregorianLeapRule() {
        assertThat(InstantFunctions.daysInMonth(1454284800)).isEqualTo(29); // 2016-02-01
        assertThat(InstantFunctions.daysInMonth(1485907200)).isEqualTo(28); // 2017-02-01
        assertThat(InstantFunctions.daysInMonth(949363200)).isEqualTo(29); // 2000-02-01
        assertThat(InstantFunctions.daysInMonth(4105123200L)).isEqualTo(28); // 2100-02-01
        assertThat(InstantFunctions.daysInMonth(1456790400)).isEqualTo(31); // 2016-03-01
    }

    @Test
    void valuesBeyondTheInt64RangeLandWhereGoOnAmd64PutsThem() {
        // Go's time.Unix(math.MaxInt64, 0) is 292277026596-12-04 15:30:07 UTC; NaN and overflowing values convert
        // to math.MinInt64, which wraps to the second after that.
        assertThat(InstantFunctions.year(Long.MAX_VALUE - 1023)).isEqualTo(292277026596.0);
        assertThat(InstantFunctions.goFloatToInt64(NAN)).isEqualTo(Long.MIN_VALUE);
        assertThat(InstantFunctions.goFloatToInt64(INF)).isEqualTo(Long.MIN_VALUE);
        assertThat(InstantFunctions.goFloatToInt64(-INF)).isEqualTo(Long.MIN_VALUE);
        assertThat(InstantFunctions.goFloatToInt64(-2.9)).isEqualTo(-2);
        assertThat(InstantFunctions.year(NAN)).isEqualTo(292277026596.0);
        assertThat(InstantFunctions.month(NAN)).isEqualTo(12);
        assertThat(InstantFunctions.dayOfMonth(NAN)).isEqualTo(4);
        assertThat(InstantFunctions.hour(NAN)).isEqualTo(15);
        assertThat(InstantFunctions.minute(NAN)).isEqualTo(30);
    }
}
