package io.amphora.prometheusapi;

import java.util.OptionalDouble;

import io.amphora.promql.ast.GoStrings;

/**
 * Go's {@code strconv.ParseFloat(s, 64)} and {@code strconv.Atoi} as Prometheus's parameter parsing relies on them:
 * the same accepted syntax (Go float literals with {@code _} separators, hexadecimal mantissas with {@code p}
 * exponents, {@code Inf}/{@code Infinity}/{@code NaN} in any case) and the same error texts. Java's own parsers
 * accept other things ({@code 1d}, surrounding spaces, non-ASCII digits), which is why these exist.
 */
final class GoStrconv {
    private GoStrconv() {}

    /**
     * {@code strconv.ParseFloat(s, 64)} when it succeeds; empty when Go reports a syntax error or, for finite
     * literals beyond the double range, a range error.
     */
    static OptionalDouble parseFloat(String s) {
        OptionalDouble special = special(s);
        if (special != null) {
            return special;
        }
        int length = s.length();
        int i = 0;
        boolean negative = false;
        if (i < length && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        boolean hex = false;
        char exponentChar = 'e';
        if (i + 2 < length && s.charAt(i) == '0' && lower(s.charAt(i + 1)) == 'x') {
            hex = true;
            exponentChar = 'p';
            i += 2;
        }
        int mantissaStart = i;
        boolean underscores = false;
        boolean sawDot = false;
        boolean sawDigits = false;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (c == '_') {
                underscores = true;
            } else if (c == '.') {
                if (sawDot) {
                    break;
                }
                sawDot = true;
            } else if (isDigit(c) || (hex && isHexLetter(c))) {
                sawDigits = true;
            } else {
                break;
            }
        }
        if (!sawDigits) {
            return OptionalDouble.empty();
        }
        int mantissaEnd = i;
        int exponentStart = -1;
        if (i < length && lower(s.charAt(i)) == exponentChar) {
            i++;
            if (i >= length) {
                return OptionalDouble.empty();
            }
            exponentStart = i;
            if (s.charAt(i) == '+' || s.charAt(i) == '-') {
                i++;
            }
            if (i >= length || !isDigit(s.charAt(i))) {
                return OptionalDouble.empty();
            }
            for (; i < length && (isDigit(s.charAt(i)) || s.charAt(i) == '_'); i++) {
                if (s.charAt(i) == '_') {
                    underscores = true;
                }
            }
        } else if (hex) {
            return OptionalDouble.empty();
        }
        if (underscores && !underscoreOk(s.substring(0, i))) {
            return OptionalDouble.empty();
        }
        if (i != length) {
            return OptionalDouble.empty();
        }
        String mantissa = s.substring(mantissaStart, mantissaEnd).replace("_", "");
        String exponent = exponentStart < 0 ? "" : s.substring(exponentStart, length).replace("_", "");
        double value;
        try {
            value = hex
                    ? Double.parseDouble("0x" + mantissa + "p" + exponent)
                    : Double.parseDouble(mantissa + (exponent.isEmpty() ? "" : "e" + exponent));
        } catch (NumberFormatException e) {
            // A syntax Go accepts and Java rejects; cannot happen for the forms checked above.
            return OptionalDouble.empty();
        }
        if (Double.isInfinite(value)) {
            // Go's ErrRange: the literal is finite but beyond the largest double.
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(negative ? -value : value);
    }

    /** Go's {@code special}: signed infinities and unsigned NaN, case-insensitive; null when not special. */
    private static OptionalDouble special(String s) {
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        double sign = 1;
        char first = s.charAt(0);
        if (first == '+' || first == '-') {
            sign = first == '-' ? -1 : 1;
            i = 1;
        } else if (lower(first) == 'n') {
            return s.length() == 3 && s.equalsIgnoreCase("nan") ? OptionalDouble.of(Double.NaN) : null;
        } else if (lower(first) != 'i') {
            return null;
        }
        String rest = s.substring(i);
        if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
            return OptionalDouble.of(sign * Double.POSITIVE_INFINITY);
        }
        return null;
    }

    /** Go's {@code underscoreOK}: underscores only between digits, or between a base prefix and a digit. */
    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            s = s.substring(1);
        }
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0'
                && (lower(s.charAt(1)) == 'b' || lower(s.charAt(1)) == 'o' || lower(s.charAt(1)) == 'x')) {
            i = 2;
            saw = '0';
            hex = lower(s.charAt(1)) == 'x';
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c) || (hex && isHexLetter(c))) {
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
     * {@code strconv.Atoi(s)} for a 64-bit Go {@code int}.
     *
     * @throws NumberFormatException with Go's message, e.g. {@code strconv.Atoi: parsing "x": invalid syntax} or
     *     {@code ...: value out of range}
     */
    static long atoi(String s) {
        int length = s.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i >= length) {
            throw atoiError(s, "invalid syntax");
        }
        // Accumulate the magnitude as an unsigned 64-bit number, failing as Go's ParseUint does: on the first
        // non-digit, or as soon as the magnitude passes 2^64 - 1, whichever comes first.
        long magnitude = 0;
        long cutoff = Long.divideUnsigned(-1L, 10) + 1;
        for (; i < length; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw atoiError(s, "invalid syntax");
            }
            if (Long.compareUnsigned(magnitude, cutoff) >= 0) {
                throw atoiError(s, "value out of range");
            }
            magnitude *= 10;
            long next = magnitude + (c - '0');
            if (Long.compareUnsigned(next, magnitude) < 0) {
                throw atoiError(s, "value out of range");
            }
            magnitude = next;
        }
        if (!negative && Long.compareUnsigned(magnitude, Long.MAX_VALUE) > 0) {
            throw atoiError(s, "value out of range");
        }
        if (negative && Long.compareUnsigned(magnitude, Long.MIN_VALUE) > 0) {
            throw atoiError(s, "value out of range");
        }
        return negative ? -magnitude : magnitude;
    }

    private static NumberFormatException atoiError(String s, String reason) {
        return new NumberFormatException("strconv.Atoi: parsing " + GoStrings.quote(s) + ": " + reason);
    }

    /**
     * Go's {@code int64(f)} on amd64 (the CVTTSD2SQ instruction): truncation toward zero, and the "integer
     * indefinite" value {@code math.MinInt64} for NaN and for values outside the int64 range.
     */
    static long floatToInt64(double f) {
        if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHexLetter(char c) {
        char l = lower(c);
        return l >= 'a' && l <= 'f';
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
