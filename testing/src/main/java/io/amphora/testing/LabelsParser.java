package io.amphora.testing;

import io.amphora.model.Labels;

/**
 * Parses label sets written in Prometheus notation, the form {@link Labels#toString()} prints, so tests can write
 * series as text: {@code {__name__="up", job="api"}}. Also accepted: a metric name before the braces
 * ({@code up{job="api"}} or just {@code up}), quoted label names ({@code {"service.name"="api"}}), a quoted metric
 * name alone inside the braces ({@code {"my.metric", job="api"}}), a trailing comma and any whitespace between
 * tokens. Values use Go escapes ({@code \\ \" \n \t \r \a \b \f \v \xHH \UHHHHHHHH}, and a backslash-u with four
 * hex digits). As in {@link Labels}, empty values are dropped and repeated names rejected.
 */
public final class LabelsParser {
    private final String text;
    private int pos;

    private LabelsParser(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the position of the first syntax error */
    public static Labels parse(String text) {
        if (text == null) {
            throw new NullPointerException("text is null");
        }
        return new LabelsParser(text).parseLabels();
    }

    private Labels parseLabels() {
        Labels.Builder builder = Labels.builder();
        skipWhitespace();
        if (pos < text.length() && isNameStart(text.charAt(pos), true)) {
            builder.add(Labels.METRIC_NAME, parseName(true));
            skipWhitespace();
            if (pos == text.length()) {
                return builder.build();
            }
        }
        expect('{');
        skipWhitespace();
        while (peek() != '}') {
            String name;
            if (peek() == '"') {
                name = parseQuoted();
                skipWhitespace();
                if (peek() == ',' || peek() == '}') {
                    builder.add(Labels.METRIC_NAME, name); // a quoted metric name on its own
                    if (!skipSeparator()) {
                        break;
                    }
                    continue;
                }
            } else {
                name = parseName(false);
            }
            skipWhitespace();
            expect('=');
            skipWhitespace();
            builder.add(name, parseQuoted());
            if (!skipSeparator()) {
                break;
            }
        }
        expect('}');
        skipWhitespace();
        if (pos != text.length()) {
            throw error("unexpected text after '}'");
        }
        return builder.build();
    }

    /** Skips a comma and the whitespace around it; false when the next token is not a comma. */
    private boolean skipSeparator() {
        skipWhitespace();
        if (peek() != ',') {
            return false;
        }
        pos++;
        skipWhitespace();
        return true;
    }

    private String parseName(boolean metricName) {
        int start = pos;
        if (pos >= text.length() || !isNameStart(text.charAt(pos), metricName)) {
            throw error("expected a label name");
        }
        pos++;
        while (pos < text.length() && isNamePart(text.charAt(pos), metricName)) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String parseQuoted() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char escape = text.charAt(pos++);
            switch (escape) {
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case '\'' -> sb.append('\'');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case 'x' -> sb.appendCodePoint(parseHex(2));
                case 'u' -> sb.appendCodePoint(parseHex(4));
                case 'U' -> sb.appendCodePoint(parseHex(8));
                default -> {
                    pos--;
                    throw error("unknown escape \\" + escape);
                }
            }
        }
    }

    private int parseHex(int digits) {
        if (pos + digits > text.length()) {
            throw error("expected " + digits + " hex digits");
        }
        int value = 0;
        for (int i = 0; i < digits; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("expected a hex digit");
            }
            value = value * 16 + digit;
            pos++;
        }
        if (!Character.isValidCodePoint(value)) {
            throw error("invalid code point " + Integer.toHexString(value));
        }
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The next character, or NUL at the end (which never matches an expected token). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isNameStart(char c, boolean metricName) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metricName && c == ':');
    }

    private static boolean isNamePart(char c, boolean metricName) {
        return isNameStart(c, metricName) || (c >= '0' && c <= '9');
    }

    private IllegalArgumentException error(String reason) {
        return new IllegalArgumentException("cannot parse labels " + text + ": " + reason + " at position " + pos);
    }
}
