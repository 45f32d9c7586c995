package io.amphora.promql.parser;

import io.amphora.promql.ast.GoStrings;

import java.util.Locale;

/**
 * Number and duration literals with Go's rules and error texts: {@code strconv.ParseInt(s, 0, 64)} falling back
 * to {@code strconv.ParseFloat}, and Prometheus's {@code model.ParseDuration}.
 */
final class Literals {
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] UNIT_NANOS = {365L * 24 * 3600 * 1_000_000_000L, 7L * 24 * 3600 * 1_000_000_000L,
            24L * 3600 * 1_000_000_000L, 3600L * 1_000_000_000L, 60L * 1_000_000_000L, 1_000_000_000L,
            NANOS_PER_MILLI};

    private Literals() {}

    /**
     * The value of a number token: decimal, {@code 0x} hexadecimal or {@code 0}-prefixed octal integers (as Go's
     * base-0 integer parsing), else a float ({@code 1.5e3}, {@code .5}, {@code Inf}, {@code NaN}); underscores
     * may separate digits.
     *
     * @throws IllegalArgumentException with Go's message ({@code strconv.ParseFloat: parsing "x": invalid syntax})
     */
    static double parseNumber(String text) {
        Double integer = parseGoInteger(text);
        if (integer != null) {
            return integer;
        }
        return parseGoFloat(text);
    }

    /** The integer value with Go's base prefixes, or null where {@code strconv.ParseInt(s, 0, 64)} fails. */
    private static Double parseGoInteger(String s) {
        if (s.isEmpty() || !underscoresOk(s)) {
            return null;
        }
        int radix = 10;
        String digits = s;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char prefix = Character.toLowerCase(s.charAt(1));
            if (prefix == 'x') {
                radix = 16;
                digits = s.substring(2);
            } else if (prefix == 'o') {
                radix = 8;
                digits = s.substring(2);
            } else if (prefix == 'b') {
                radix = 2;
                digits = s.substring(2);
            } else {
                radix = 8;
                digits = s.substring(1);
            }
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0 || digits.charAt(i) > 'z') {
                return null;
            }
        }
        try {
            return (double) Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static double parseGoFloat(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        boolean negative = lower.startsWith("-");
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!isDecimalFloat(s) || !underscoresOk(s)) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
        }
        double value = Double.parseDouble(s.replace("_", ""));
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException(
                    "strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": value out of range");
        }
        return value;
    }

    /** {@code [+-]digits[.digits][e[+-]digits]} with at least one digit in the mantissa; underscores allowed. */
    private static boolean isDecimalFloat(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int mantissaDigits = 0;
        while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            mantissaDigits += isDigit(s.charAt(i)) ? 1 : 0;
            i++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                mantissaDigits += isDigit(s.charAt(i)) ? 1 : 0;
                i++;
            }
        }
        if (mantissaDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && (isDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                exponentDigits += isDigit(s.charAt(i)) ? 1 : 0;
                i++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Go's rule: an underscore only between digits, or between a base prefix and a digit. */
    private static boolean underscoresOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0' && "bBoOxX".indexOf(s.charAt(1)) >= 0) {
            i = 2;
            saw = '0';
            hex = Character.toLowerCase(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lower = Character.toLowerCase(c);
            if (isDigit(c) || (hex && lower >= 'a' && lower <= 'f')) {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }

    /**
     * Nanoseconds of a duration such as {@code 1h30m}: units {@code y w d h m s ms} in decreasing order, {@code 0}
     * alone allowed.
     *
     * @throws IllegalArgumentException with Prometheus's message ({@code not a valid duration string: "5m1h"})
     */
    static long parseDurationNanos(String s) {
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            if (!isDigit(s.charAt(i))) {
                throw invalidDuration(s);
            }
            int digitsStart = i;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
            }
            long value;
            try {
                value = Long.parseUnsignedLong(s.substring(digitsStart, i));
            } catch (NumberFormatException e) {
                throw invalidDuration(s);
            }
            int unitStart = i;
            while (i < s.length() && !isDigit(s.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw invalidDuration(s);
            }
            String unit = s.substring(unitStart, i);
            int unitIndex = indexOfUnit(unit);
            if (unitIndex < 0) {
                throw new IllegalArgumentException(
                        "unknown unit " + GoStrings.quote(unit) + " in duration " + GoStrings.quote(s));
            }
            if (unitIndex <= lastUnit) {
                throw invalidDuration(s);
            }
            lastUnit = unitIndex;
            long unitNanos = UNIT_NANOS[unitIndex];
            if (Long.compareUnsigned(value, Long.divideUnsigned(1L << 63, unitNanos)) > 0) {
                throw new IllegalArgumentException("duration out of range");
            }
            total += value * unitNanos;
            if (total < 0) {
                throw new IllegalArgumentException("duration out of range");
            }
        }
        return total;
    }

    /** Seconds as Go's {@code time.Duration.Seconds()} computes them, bit for bit. */
    static double nanosToSeconds(long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        return (double) seconds + (double) rest / 1e9;
    }

    private static int indexOfUnit(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalidDuration(String s) {
        return new IllegalArgumentException("not a valid duration string: " + GoStrings.quote(s));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
