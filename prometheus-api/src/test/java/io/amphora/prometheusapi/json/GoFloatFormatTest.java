package io.amphora.prometheusapi.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoFloatFormatTest {
    @ParameterizedTest(name = "{0} formats as {1} and {2}")
    @CsvSource(delimiter = '|', value = {
            // value                  | 'f'                                    | 'e'
            "0                        | 0                                      | 0e+00",
            "-0.0                     | -0                                     | -0e+00",
            "1                        | 1                                      | 1e+00",
            "-2.5                     | -2.5                                   | -2.5e+00",
            "100                      | 100                                    | 1e+02",
            "0.1                      | 0.1                                    | 1e-01",
            "0.30000000000000004      | 0.30000000000000004                    | 3.0000000000000004e-01",
            "1e-7                     | 0.0000001                              | 1e-07",
            "1e21                     | 1000000000000000000000                 | 1e+21",
            "1e23                     | 100000000000000000000000               | 1e+23",
            "123456789012345680000    | 123456789012345680000                  | 1.2345678901234568e+20",
            "9223372036854775808      | 9223372036854776000                    | 9.223372036854776e+18",
            "9007199254740993         | 9007199254740992                       | 9.007199254740992e+15",
            "9007199254740994         | 9007199254740994                       | 9.007199254740994e+15",
            "NaN                      | NaN                                    | NaN",
            "Infinity                 | +Inf                                   | +Inf",
            "-Infinity                | -Inf                                   | -Inf",
    })
    void formatsLikeGoStrconv(String value, String plain, String exponent) {
        double v = Double.parseDouble(value);
        assertThat(GoFloatFormat.format(v, 'f')).isEqualTo(plain);
        assertThat(GoFloatFormat.format(v, 'e')).isEqualTo(exponent);
    }

    @Test
    void writesExtremeMagnitudesInFull() {
        assertThat(GoFloatFormat.format(1.2345678e-67, 'f')).isEqualTo("0." + "0".repeat(66) + "12345678");
        assertThat(GoFloatFormat.format(1.2345678e-67, 'e')).isEqualTo("1.2345678e-67");
        assertThat(GoFloatFormat.format(Double.MAX_VALUE, 'f')).isEqualTo("17976931348623157" + "0".repeat(292));
        assertThat(GoFloatFormat.format(Double.MAX_VALUE, 'e')).isEqualTo("1.7976931348623157e+308");
        assertThat(GoFloatFormat.format(Double.MIN_NORMAL, 'f')).isEqualTo("0." + "0".repeat(307) + "22250738585072014");
        assertThat(GoFloatFormat.format(Double.MIN_NORMAL, 'e')).isEqualTo("2.2250738585072014e-308");
        assertThat(GoFloatFormat.format(Double.MIN_VALUE, 'f')).isEqualTo("0." + "0".repeat(323) + "5");
        assertThat(GoFloatFormat.format(-Double.MIN_VALUE, 'f')).isEqualTo("-0." + "0".repeat(323) + "5");
        assertThat(GoFloatFormat.format(-Double.MAX_VALUE, 'f')).hasSize(GoFloatFormat.format(Double.MAX_VALUE, 'f').length() + 1);
    }

    @ParameterizedTest(name = "sample value {0} is written as {1}")
    @CsvSource({
            "1, 1",
            "0.000001, 0.000001",
            "9.99e-7, 9.99e-07",
            "0.0000012345678, 0.0000012345678",
            "1234567.8, 1234567.8",
            "999999999999999900000, 999999999999999900000",
            "1e21, 1e+21",
            "-1e21, -1e+21",
            "-1e-300, -1e-300",
            "0, 0",
    })
    void sampleValuesSwitchToExponentBelowOneMillionthAndFrom1e21(String value, String expected) {
        assertThat(GoFloatFormat.formatSampleValue(Double.parseDouble(value))).isEqualTo(expected);
    }

    @Test
    void agreesWithShortestClosestDecimalsForRandomDoubles() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong() & 0x7FFF_FFFF_FFFF_FFFFL);
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
                case 2 -> Math.rint(random.nextDouble() * 1e6) / 1000;
                default -> Double.longBitsToDouble(random.nextLong(0, 0x0010_0000_0000_0000L));
            };
            if (Double.isNaN(v) || Double.isInfinite(v) || v == 0) {
                continue;
            }
            BigDecimal shortest = shortestClosest(v);
            assertThat(GoFloatFormat.format(v, 'f')).as("%s", v).isEqualTo(shortest.toPlainString());
            assertThat(GoFloatFormat.format(v, 'e')).as("%s", v).isEqualTo(exponentForm(shortest));
        }
    }

    @Test
    void onlyOneDigitWhereOneReadsBack() {
        // Java's Double.toString writes two digits for these (4.9E-324, 9.9E-324), Go only one.
        assertThat(GoFloatFormat.format(Double.MIN_VALUE, 'e')).isEqualTo("5e-324");
        assertThat(GoFloatFormat.format(2 * Double.MIN_VALUE, 'e')).isEqualTo("1e-323");
        assertThat(GoFloatFormat.format(3 * Double.MIN_VALUE, 'e')).isEqualTo("1.5e-323");
        for (long bits = 1; bits < 2_000; bits++) {
            double v = Double.longBitsToDouble(bits);
            assertThat(GoFloatFormat.format(v, 'e')).as("bits %d", bits).isEqualTo(exponentForm(shortestClosest(v)));
        }
    }

    /**
     * The definition Go's shortest formatting implements: the fewest significant digits that read back as {@code v},
     * and among those the one closest to {@code v} (ties to an even last digit).
     */
    private static BigDecimal shortestClosest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal down = exact.round(new MathContext(digits, RoundingMode.FLOOR));
            BigDecimal up = exact.round(new MathContext(digits, RoundingMode.CEILING));
            boolean downFits = down.doubleValue() == v;
            boolean upFits = up.doubleValue() == v;
            if (downFits && upFits) {
                int comparison = exact.subtract(down).compareTo(up.subtract(exact));
                if (comparison != 0) {
                    return (comparison < 0 ? down : up).stripTrailingZeros();
                }
                return (down.unscaledValue().testBit(0) ? up : down).stripTrailingZeros();
            }
            if (downFits || upFits) {
                return (downFits ? down : up).stripTrailingZeros();
            }
        }
        throw new AssertionError("no decimal of 17 digits reads back as " + v);
    }

    private static String exponentForm(BigDecimal d) {
        String digits = d.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - d.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String e = Integer.toString(Math.abs(exponent));
        return (d.signum() < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
}
