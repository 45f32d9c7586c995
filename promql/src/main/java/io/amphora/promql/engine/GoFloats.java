package io.amphora.promql.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import io.amphora.promql.ast.GoFormat;
import io.amphora.promql.ast.GoStrings;

/** Go's formatting of floats and strings where Prometheus's messages and labels depend on it. */
final class GoFloats {
    private GoFloats() {}

    /** Go's {@code %g}/{@code %v} of a float64: shortest digits, exponent form below 1e-4 and from 1e6. */
    static String formatG(double v) {
        return GoFormat.formatGeneral(v);
    }

    /** Go's {@code %.<precision>g}. */
    static String formatG(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        String digits;
        int decimalPoint;
        if (v == 0) {
            digits = "";
            decimalPoint = 0;
        } else {
            BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(precision, RoundingMode.HALF_EVEN))
                    .stripTrailingZeros();
            digits = rounded.unscaledValue().toString();
            decimalPoint = digits.length() - rounded.scale();
        }
        int nd = digits.length();
        int eprec = precision;
        if (eprec > nd && nd >= decimalPoint) {
            eprec = nd;
        }
        int exp = decimalPoint - 1;
        StringBuilder sb = new StringBuilder();
        if (negative) {
            sb.append('-');
        }
        if (exp < -4 || exp >= eprec) {
            int prec = Math.min(precision, nd) - 1;
            sb.append(nd == 0 ? '0' : digits.charAt(0));
            if (prec > 0) {
                sb.append('.');
                for (int i = 1; i <= prec; i++) {
                    sb.append(i < nd ? digits.charAt(i) : '0');
                }
            }
            int e = nd == 0 ? 0 : exp;
            sb.append('e').append(e < 0 ? '-' : '+');
            int abs = Math.abs(e);
            if (abs < 10) {
                sb.append('0');
            }
            sb.append(abs);
            return sb.toString();
        }
        int prec = precision > decimalPoint ? nd : precision;
        int fraction = Math.max(prec - decimalPoint, 0);
        if (decimalPoint > 0) {
            for (int i = 0; i < decimalPoint; i++) {
                sb.append(i < nd ? digits.charAt(i) : '0');
            }
        } else {
            sb.append('0');
        }
        if (fraction > 0) {
            sb.append('.');
            for (int i = 0; i < fraction; i++) {
                int index = decimalPoint + i;
                sb.append(index >= 0 && index < nd ? digits.charAt(index) : '0');
            }
        }
        return sb.toString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, the text of {@code count_values} labels. */
    static String formatPlain(double v) {
        return GoFormat.formatShortest(v);
    }

    /** Go's {@code %q} of a string. */
    static String quote(String s) {
        return GoStrings.quote(s);
    }

    /** Prometheus's {@code labels.FormatOpenMetricsFloat}: {@code 1.0}, {@code 0.5}, {@code 1e+06}, {@code +Inf}. */
    static String formatOpenMetrics(double v) {
        if (v == 1) {
            return "1.0";
        }
        if (v == 0) {
            return "0.0";
        }
        if (v == -1) {
            return "-1.0";
        }
        String s = formatG(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || s.indexOf('e') >= 0 || s.indexOf('.') >= 0) {
            return s;
        }
        return s + ".0";
    }

    /**
     * Go's {@code strconv.ParseFloat(s, 64)} for the values a {@code le} label holds: decimal and hexadecimal
     * floats, {@code Inf}/{@code Infinity}/{@code NaN} in any case with an optional sign. Null when Go would fail.
     */
    static Double parseFloat(String s) {
        if (s.isEmpty()) {
            return null;
        }
        String body = s;
        boolean negative = false;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        if (body.isEmpty()) {
            return null;
        }
        boolean hex = lower.startsWith("0x");
        for (int i = 0; i < body.length(); i++) {
            char c = lower.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '+' || c == '-'
                    || (hex ? (c >= 'a' && c <= 'f') || c == 'x' || c == 'p' : c == 'e');
            if (!ok) {
                return null;
            }
        }
        try {
            double v = Double.parseDouble(body);
            if (Double.isInfinite(v)) {
                return null;
            }
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
