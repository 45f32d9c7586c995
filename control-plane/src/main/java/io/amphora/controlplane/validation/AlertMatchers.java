package io.amphora.controlplane.validation;

import io.amphora.model.MatchType;
import io.amphora.model.Matcher;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses Alertmanager's matcher lists, the entries of {@code matchers}, {@code source_matchers} and
 * {@code target_matchers}: one or more {@code name op value} separated by commas, optionally in braces
 * ({@code {severity="critical", team=~"db|web"}}). Operators are {@code =}, {@code !=}, {@code =~} and {@code !~};
 * names are classic label names or double-quoted strings; values are double-quoted (with {@code \"}, {@code \\},
 * {@code \n} escapes) or bare text up to the next comma. Regular expressions must be valid RE2, as Alertmanager
 * compiles them. Stateless.
 */
final class AlertMatchers {
    private AlertMatchers() {}

    /** @throws IllegalArgumentException with a {@code bad matcher format} message naming the problem */
    static List<Matcher> parse(String input) {
        String text = input.strip();
        if (text.startsWith("{")) {
            if (!text.endsWith("}")) {
                throw bad(input, "missing closing '}'");
            }
            text = text.substring(1, text.length() - 1).strip();
        } else if (text.endsWith("}")) {
            throw bad(input, "missing opening '{'");
        }
        List<Matcher> matchers = new ArrayList<>();
        if (text.isEmpty()) {
            return matchers;
        }
        Cursor cursor = new Cursor(input, text);
        while (true) {
            matchers.add(cursor.matcher());
            cursor.skipSpace();
            if (cursor.atEnd()) {
                return matchers;
            }
            if (cursor.peek() != ',') {
                throw bad(input, "expected ',' after a matcher at position " + cursor.pos);
            }
            cursor.pos++;
            cursor.skipSpace();
            if (cursor.atEnd()) {
                return matchers;
            }
        }
    }

    private static IllegalArgumentException bad(String input, String reason) {
        return new IllegalArgumentException("bad matcher format: " + input + ": " + reason);
    }

    private static final class Cursor {
        private final String input;
        private final String text;
        private int pos;

        Cursor(String input, String text) {
            this.input = input;
            this.text = text;
        }

        Matcher matcher() {
            skipSpace();
            String name = name();
            skipSpace();
            MatchType type = operator();
            skipSpace();
            String value = value();
            try {
                return Matcher.of(type, name, value);
            } catch (IllegalArgumentException e) {
                throw bad(input, "invalid regular expression " + RuleGroupsValidator.quote(value) + ": "
                        + e.getMessage());
            }
        }

        private String name() {
            if (peek() == '"') {
                String name = quoted();
                if (name.isEmpty()) {
                    throw bad(input, "empty label name");
                }
                return name;
            }
            int start = pos;
            while (!atEnd() && isNameChar(peek(), pos == start)) {
                pos++;
            }
            String name = text.substring(start, pos);
            if (name.isEmpty()) {
                throw bad(input, "expected a label name at position " + start);
            }
            return name;
        }

        private MatchType operator() {
            if (text.startsWith("=~", pos)) {
                pos += 2;
                return MatchType.REGEX;
            }
            if (text.startsWith("!~", pos)) {
                pos += 2;
                return MatchType.NOT_REGEX;
            }
            if (text.startsWith("!=", pos)) {
                pos += 2;
                return MatchType.NOT_EQUAL;
            }
            if (text.startsWith("=", pos)) {
                pos += 1;
                return MatchType.EQUAL;
            }
            throw bad(input, "expected one of =, !=, =~, !~ at position " + pos);
        }

        private String value() {
            if (!atEnd() && peek() == '"') {
                return quoted();
            }
            int start = pos;
            while (!atEnd() && peek() != ',') {
                if (peek() == '"') {
                    throw bad(input, "unexpected '\"' inside an unquoted value");
                }
                pos++;
            }
            return text.substring(start, pos).strip();
        }

        private String quoted() {
            int start = pos;
            pos++;
            StringBuilder out = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw bad(input, "unterminated quoted string starting at position " + start);
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (atEnd()) {
                    throw bad(input, "unterminated quoted string starting at position " + start);
                }
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case '"', '\\' -> out.append(escaped);
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    default -> throw bad(input, "invalid escape '\\" + escaped + "' in a quoted string");
                }
            }
        }

        void skipSpace() {
            while (!atEnd() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        private static boolean isNameChar(char c, boolean first) {
            return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
        }
    }
}
