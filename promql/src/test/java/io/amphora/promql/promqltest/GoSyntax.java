package io.amphora.promql.promqltest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The pieces of Go's literal syntax the {@code .test} format inherits from Prometheus's harness and parser: number
 * conversion (Go's {@code strconv.ParseInt(s, 0, 64)}, then {@code strconv.ParseFloat(s, 64)}), whitespace
 * trimming ({@code strings.TrimSpace}) and string unquoting.
 *
 * <p>The number rules matter for exactness: {@code 010} is octal (8), {@code 0x1p-2} is a hexadecimal float,
 * {@code 1_000} is 1000, {@code inf}/{@code infinity}/{@code nan} are case-insensitive, and a decimal literal beyond
 * the float64 range is an error rather than infinity.
 */
final class GoSyntax {
    private GoSyntax() {}

    /** Thrown for text that is not a number; the message says why. */
    static final class NumberFormatError extends Exception {
        NumberFormatError(String message) {
            super(message);
        }
    }

    /**
     * Converts {@code text} as Prometheus does: first as a Go integer literal of any base (with a sign, base prefixes
     * {@code 0x 0o 0b}, a leading {@code 0} meaning octal, and {@code _} between digits), then as a Go float literal.
     */
    static double parseNumber(String text) throws NumberFormatError {
        Long integer = parseInteger(text);
        if (integer != null) {
            return (double) integer;
        }
        return parseFloat(text);
    }

    /** Go's {@code strconv.ParseInt(text, 0, 64)}; null when it fails (syntax or range). */
    private static Long parseInteger(String text) {
        String s = text;
        boolean negative = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.isEmpty()) {
            return null;
        }
        int radix = 10;
        String digits = s;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                digits = s.substring(2);
            } else {
                radix = 8;
                digits = s.substring(1);
            }
        }
        if (!underscoresOk(s)) {
            return null;
        }
        digits = digits.replace("_", "");
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        try {
            // Parsing with the sign keeps Long.MIN_VALUE in range, as Go does.
            return Long.parseLong((negative ? "-" : "") + digits, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Go's {@code strconv.ParseFloat(text, 64)}. */
    private static double parseFloat(String text) throws NumberFormatError {
        String s = text;
        double sign = 1;
        boolean signed = false;
        if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            sign = s.charAt(0) == '-' ? -1 : 1;
            signed = true;
            s = s.substring(1);
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan") && !signed) {
            return Double.NaN;
        }
        if (!isFloatSyntax(s) || !underscoresOk(s)) {
            throw new NumberFormatError("invalid syntax: \"" + text + "\"");
        }
        String plain = s.replace("_", "");
        if (isHex(plain) && !plain.contains("p") && !plain.contains("P")) {
            throw new NumberFormatError("invalid syntax: hexadecimal float needs a p exponent: \"" + text + "\"");
        }
        double value = Double.parseDouble(plain);
        if (Double.isInfinite(value)) {
            throw new NumberFormatError("value out of range: \"" + text + "\"");
        }
        return sign * value;
    }

    private static boolean isHex(String s) {
        return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
    }

    /** Unsigned decimal or hexadecimal float syntax, underscores allowed (checked separately). */
    private static boolean isFloatSyntax(String s) {
        int i = 0;
        boolean hex = isHex(s);
        if (hex) {
            i = 2;
        }
        int mantissaDigits = 0;
        boolean dot = false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_') {
                continue;
            }
            if (c == '.') {
                if (dot) {
                    return false;
                }
                dot = true;
            } else if (digit(c, hex ? 16 : 10) >= 0) {
                mantissaDigits++;
            } else {
                break;
            }
        }
        if (mantissaDigits == 0) {
            return false;
        }
        if (i == s.length()) {
            return true;
        }
        char e = Character.toLowerCase(s.charAt(i));
        if (e != (hex ? 'p' : 'e')) {
            return false;
        }
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int exponentDigits = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                exponentDigits++;
            } else if (c != '_') {
                return false;
            }
        }
        return exponentDigits > 0;
    }

    /** The value of an ASCII digit in {@code radix}, or -1 (Go's literals know no other digits). */
    private static int digit(char c, int radix) {
        return c < 128 ? Character.digit(c, radix) : -1;
    }

    /** Go's rule: an underscore must sit between two digits, or between a base prefix and a digit. */
    private static boolean underscoresOk(String s) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                i = 2;
                saw = '0';
                hex = p == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (digit(c, hex ? 16 : 10) >= 0) {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else {
                if (saw == '_') {
                    return false;
                }
                saw = '!';
            }
        }
        return saw != '_';
    }

    /** Go's {@code unicode.IsSpace}. */
    static boolean isSpace(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == ' ' || c == '\u0085'
                || Character.isSpaceChar(c);
    }

    /** Go's {@code strings.TrimSpace}: the index of the first non-space character (the string's length if none). */
    static int leadingSpace(String s) {
        int start = 0;
        while (start < s.length() && isSpace(s.charAt(start))) {
            start++;
        }
        return start;
    }

    /** Go's {@code strings.TrimSpace}. */
    static String trimSpace(String s) {
        int start = leadingSpace(s);
        int end = s.length();
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /**
     * A PromQL string literal's value (Prometheus's {@code strutil.Unquote}): double- or single-quoted with Go escapes
     * ({@code \a \b \f \n \r \t \v \\ \xHH \NNN}, backslash-u with 4 and backslash-U with 8 hex digits, and the enclosing quote), or backquoted raw text.
     *
     * @throws IllegalArgumentException when the literal is malformed, with the reason
     */
    static String unquote(String literal) {
        return unquote(literal, false);
    }

    /**
     * A Go string literal's value ({@code strconv.Unquote}), as the harness reads {@code expect string}: like
     * {@link #unquote(String)}, except that single quotes hold exactly one character and carriage returns are
     * dropped from raw strings.
     */
    static String unquoteGo(String literal) {
        return unquote(literal, true);
    }

    private static String unquote(String literal, boolean go) {
        if (literal.length() < 2 || literal.charAt(0) != literal.charAt(literal.length() - 1)) {
            throw new IllegalArgumentException("not a quoted string: " + literal);
        }
        char quote = literal.charAt(0);
        String body = literal.substring(1, literal.length() - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) {
                throw new IllegalArgumentException("backquote inside a raw string: " + literal);
            }
            return go ? body.replace("\r", "") : body;
        }
        if (quote != '"' && quote != '\'') {
            throw new IllegalArgumentException("not a quoted string: " + literal);
        }
        if (body.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("newline inside a quoted string: " + literal);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int characters = 0;
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            characters++;
            if (c == quote) {
                throw new IllegalArgumentException("unescaped " + quote + " inside a quoted string: " + literal);
            }
            if (c != '\\') {
                int codePoint = body.codePointAt(i);
                i += Character.charCount(codePoint);
                bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("escape sequence not terminated: " + literal);
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> bytes.write(0x07);
                case 'b' -> bytes.write(0x08);
                case 'f' -> bytes.write(0x0c);
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(0x0b);
                case '\\' -> bytes.write('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw new IllegalArgumentException("unknown escape sequence \\" + e + ": " + literal);
                    }
                    bytes.write(e);
                }
                case 'x' -> {
                    bytes.write(hexValue(body, i, 2, literal));
                    i += 2;
                }
                case 'u', 'U' -> {
                    int length = e == 'u' ? 4 : 8;
                    int codePoint = hexValue(body, i, length, literal);
                    i += length;
                    if (codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
                        throw new IllegalArgumentException("escape sequence is an invalid Unicode code point: "
                                + literal);
                    }
                    bytes.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        throw new IllegalArgumentException("escape sequence not terminated: " + literal);
                    }
                    int value = 0;
                    String octal = e + body.substring(i, i + 2);
                    for (int k = 0; k < 3; k++) {
                        int digit = digit(octal.charAt(k), 8);
                        if (digit < 0) {
                            throw new IllegalArgumentException("invalid octal escape: " + literal);
                        }
                        value = value * 8 + digit;
                    }
                    if (value > 255) {
                        throw new IllegalArgumentException("octal escape value > 255: " + literal);
                    }
                    bytes.write(value);
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape sequence \\" + e + ": " + literal);
            }
        }
        if (go && quote == '\'' && characters != 1) {
            throw new IllegalArgumentException("a single-quoted Go literal holds exactly one character: " + literal);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hexValue(String body, int start, int length, String literal) {
        if (start + length > body.length()) {
            throw new IllegalArgumentException("escape sequence not terminated: " + literal);
        }
        long value = 0;
        for (int k = start; k < start + length; k++) {
            int digit = digit(body.charAt(k), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("invalid hexadecimal escape: " + literal);
            }
            value = value * 16 + digit;
        }
        return value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
