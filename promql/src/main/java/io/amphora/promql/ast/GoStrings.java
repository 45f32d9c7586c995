package io.amphora.promql.ast;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/**
 * PromQL's string syntax, which is Go's: quoting as {@code strconv.Quote} does (for printing queries and for the
 * {@code %q} in Prometheus's messages) and unquoting as Prometheus's {@code strutil.Unquote} does.
 *
 * <p>A PromQL string may spell bytes that are not UTF-8 ({@code "\xff"}). Java strings cannot hold such bytes, so
 * each one is represented by the lone surrogate {@code U+DC80 + (b - 0x80)} (the "surrogate escape" convention);
 * {@link #quote} prints it back as {@code \xff} and {@link #isValidUtf8} rejects it.
 */
public final class GoStrings {
    private static final char ESCAPED_BYTE_BASE = 0xDC00;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoStrings() {}

    /** {@code "..."} with Go's escapes: {@code \" \\ \n \t}, {@code \xHH} for other ASCII controls and raw bytes, {@code \\uHHHH} for unprintable runes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (isEscapedByte(s, i)) {
                appendHexByte(sb, c - ESCAPED_BYTE_BASE);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                cp = 0xFFFD;
            }
            appendEscaped(sb, cp, '"');
        }
        return sb.append('"').toString();
    }

    /** {@code 'x'} as Go's {@code %q} prints a rune; an invalid code point (such as -1 for end of input) prints as {@code '\uFFFD'}. */
    public static String quoteRune(int codePoint) {
        int cp = codePoint < 0 || codePoint > Character.MAX_CODE_POINT
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) ? 0xFFFD : codePoint;
        StringBuilder sb = new StringBuilder("'");
        appendEscaped(sb, cp, '\'');
        return sb.append('\'').toString();
    }

    /** Go's {@code %#U}: {@code U+0063 'c'}, or just {@code U+000A} for an unprintable rune. */
    public static String describeRune(int codePoint) {
        String hex = Integer.toHexString(codePoint).toUpperCase(Locale.ROOT);
        String number = "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex;
        return isPrint(codePoint) ? number + " '" + new String(Character.toChars(codePoint)) + "'" : number;
    }

    /** Whether {@code s} encodes as valid UTF-8: it holds no surrogate that is not part of a pair. */
    public static boolean isValidUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Prometheus 3's label name rule (UTF-8 validation): any non-empty valid UTF-8 string. */
    public static boolean isValidLabelName(String name) {
        return !name.isEmpty() && isValidUtf8(name);
    }

    /** The classic rule {@code [a-zA-Z_][a-zA-Z0-9_]*}; other names are printed quoted. */
    public static boolean isLegacyLabelName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value of a string literal written in {@code "..."}, {@code '...'} or backquotes, including the quotes.
     *
     * @throws IllegalArgumentException when it is not a well-formed literal ({@code invalid syntax}, as Go says)
     */
    public static String unquote(String literal) {
        int n = literal.length();
        if (n < 2 || literal.charAt(0) != literal.charAt(n - 1)) {
            throw invalidSyntax();
        }
        char quote = literal.charAt(0);
        String body = literal.substring(1, n - 1);
        if (quote == '`') {
            if (body.indexOf('`') >= 0) {
                throw invalidSyntax();
            }
            return body;
        }
        if (quote != '"' && quote != '\'') {
            throw invalidSyntax();
        }
        if (body.indexOf('\n') >= 0) {
            throw invalidSyntax();
        }
        if (body.indexOf('\\') < 0 && body.indexOf(quote) < 0) {
            return body;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length() + 8);
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == quote) {
                throw invalidSyntax();
            }
            if (c != '\\') {
                int cp = body.codePointAt(i);
                i += Character.charCount(cp);
                writeUtf8(bytes, cp);
                continue;
            }
            if (i + 1 >= body.length()) {
                throw invalidSyntax();
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> bytes.write(0x07);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(0x0B);
                case '\\' -> bytes.write('\\');
                case '\'', '"' -> {
                    if (e != quote) {
                        throw invalidSyntax();
                    }
                    bytes.write(e);
                }
                case 'x', 'u', 'U' -> {
                    int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + digits > body.length()) {
                        throw invalidSyntax();
                    }
                    int v = 0;
                    for (int j = 0; j < digits; j++) {
                        int d = hexValue(body.charAt(i + j));
                        if (d < 0) {
                            throw invalidSyntax();
                        }
                        v = (v << 4) | d;
                    }
                    i += digits;
                    if (e == 'x') {
                        bytes.write(v);
                    } else {
                        if (v < 0 || v > Character.MAX_CODE_POINT) {
                            throw invalidSyntax();
                        }
                        writeUtf8(bytes, v >= Character.MIN_SURROGATE && v <= Character.MAX_SURROGATE ? 0xFFFD : v);
                    }
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        throw invalidSyntax();
                    }
                    int v = e - '0';
                    for (int j = 0; j < 2; j++) {
                        int d = body.charAt(i + j) - '0';
                        if (d < 0 || d > 7) {
                            throw invalidSyntax();
                        }
                        v = (v << 3) | d;
                    }
                    i += 2;
                    if (v > 255) {
                        throw invalidSyntax();
                    }
                    bytes.write(v);
                }
                default -> throw invalidSyntax();
            }
        }
        return decodeUtf8(bytes.toByteArray());
    }

    /**
     * Decodes UTF-8 as Go does, except that each byte that does not start a valid sequence becomes the lone surrogate
     * {@code U+DC80 + (b - 0x80)} instead of U+FFFD.
     */
    public static String decodeUtf8(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                sb.append((char) b0);
                i++;
                continue;
            }
            int length;
            int min;
            int cp;
            if (b0 >= 0xC2 && b0 <= 0xDF) {
                length = 2;
                min = 0x80;
                cp = b0 & 0x1F;
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                length = 3;
                min = 0x800;
                cp = b0 & 0x0F;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                length = 4;
                min = 0x10000;
                cp = b0 & 0x07;
            } else {
                sb.append((char) (ESCAPED_BYTE_BASE + b0));
                i++;
                continue;
            }
            boolean valid = i + length <= bytes.length;
            for (int j = 1; valid && j < length; j++) {
                int b = bytes[i + j] & 0xFF;
                if ((b & 0xC0) != 0x80) {
                    valid = false;
                } else {
                    cp = (cp << 6) | (b & 0x3F);
                }
            }
            if (valid && (cp < min || cp > Character.MAX_CODE_POINT
                    || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))) {
                valid = false;
            }
            if (!valid) {
                sb.append((char) (ESCAPED_BYTE_BASE + b0));
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += length;
        }
        return sb.toString();
    }

    /** The UTF-8 encoding of {@code s}, turning escaped bytes back into the bytes they stand for. */
    public static byte[] encodeUtf8(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            if (isEscapedByte(s, i)) {
                bytes.write(s.charAt(i) - ESCAPED_BYTE_BASE);
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            writeUtf8(bytes, cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp);
        }
        return bytes.toByteArray();
    }

    /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    public static boolean isPrint(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                 Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                 Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION,
                 Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL ->
                    true;
            default -> false;
        };
    }

    private static boolean isEscapedByte(String s, int i) {
        char c = s.charAt(i);
        if (c < ESCAPED_BYTE_BASE + 0x80 || c > ESCAPED_BYTE_BASE + 0xFF) {
            return false;
        }
        return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static void appendEscaped(StringBuilder sb, int cp, char quote) {
        if (cp == quote || cp == '\\') {
            sb.append('\\').append((char) cp);
            return;
        }
        if (isPrint(cp)) {
            sb.appendCodePoint(cp);
            return;
        }
        switch (cp) {
            case 0x07 -> sb.append("\\a");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case 0x0B -> sb.append("\\v");
            default -> {
                if (cp < ' ' || cp == 0x7F) {
                    appendHexByte(sb, cp);
                } else if (cp < 0x10000) {
                    sb.append("\\u");
                    appendHex(sb, cp, 4);
                } else {
                    sb.append("\\U");
                    appendHex(sb, cp, 8);
                }
            }
        }
    }

    private static void appendHexByte(StringBuilder sb, int b) {
        sb.append("\\x").append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }

    private static void appendHex(StringBuilder sb, int value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[(value >> shift) & 0xF]);
        }
    }

    private static void writeUtf8(ByteArrayOutputStream out, int cp) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | (cp >> 6));
            out.write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write(0xE0 | (cp >> 12));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        } else {
            out.write(0xF0 | (cp >> 18));
            out.write(0x80 | ((cp >> 12) & 0x3F));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        }
    }

    /** UTF-8 byte length of {@code s} (escaped bytes count one). */
    public static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); ) {
            if (isEscapedByte(s, i)) {
                length++;
                i++;
                continue;
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            length += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        return length;
    }

    private static IllegalArgumentException invalidSyntax() {
        return new IllegalArgumentException("invalid syntax");
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
