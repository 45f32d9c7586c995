package io.amphora.model.histogram;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Go's {@code fmt} renderings of float64 that Prometheus's histogram error messages use, so that Amphora's messages
 * are the texts users find in Prometheus: {@code %v} (shortest round-trip digits, exponent form from 1e+06 up and
 * below 1e-04) and {@code %f} (exactly six decimals, half-even on the exact binary value).
 */
final class GoFormat {
    private GoFormat() {}

    /** Go's {@code %v} of a float64. */
    static String v(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
        if (value == 0) {
            return sign + "0";
        }
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        int exponent = decimalPoint - 1;
        StringBuilder out = new StringBuilder(sign);
        if (exponent < -4 || exponent >= 6) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            return out.append(magnitude).toString();
        }
        return out.append(shortest.toPlainString()).toString();
    }

    /** Go's {@code %f} of a float64. */
    static String f(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        String sign = (Double.doubleToRawLongBits(value) < 0) ? "-" : "";
        return sign + new BigDecimal(Math.abs(value)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
    }
}
