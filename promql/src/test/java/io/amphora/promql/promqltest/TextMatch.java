package io.amphora.promql.promqltest;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static java.util.Objects.requireNonNull;

/** How an expected error or annotation text is matched against the actual one. */
public sealed interface TextMatch {
    boolean matches(String actual);

    /** No constraint on the text: {@code expect warn} / {@code expect info} / {@code expect fail} without one. */
    TextMatch ANY = new Any();

    /** Matches every text. */
    record Any() implements TextMatch {
        @Override
        public boolean matches(String actual) {
            requireNonNull(actual, "actual is null");
            return true;
        }

        @Override
        public String toString() {
            return "any text";
        }
    }

    /** {@code msg: <text>} and {@code expected_fail_message <text>}: the whole text, exactly. */
    record Exact(String text) implements TextMatch {
        public Exact {
            requireNonNull(text, "text is null");
        }

        @Override
        public boolean matches(String actual) {
            return text.equals(actual);
        }

        /** As the file writes it: {@code msg: <text>}. */
        @Override
        public String toString() {
            return "msg: " + text;
        }
    }

    /**
     * {@code regex: <re>} and {@code expected_fail_regexp <re>}: an unanchored search, as Go's
     * {@code Regexp.MatchString}. The pattern is compiled by {@link Pattern} with {@link Pattern#UNIX_LINES}, so
     * that {@code .}, {@code ^} and {@code $} treat only {@code \n} as a line end, as RE2 does; the constructs used
     * in the test files mean the same in both dialects.
     */
    record Regex(String regex) implements TextMatch {
        public Regex {
            requireNonNull(regex, "regex is null");
            compile(regex);
        }

        @Override
        public boolean matches(String actual) {
            return compile(regex).matcher(actual).find();
        }

        /** As the file writes it: {@code regex: <re>}. */
        @Override
        public String toString() {
            return "regex: " + regex;
        }

        private static Pattern compile(String regex) {
            try {
                return Pattern.compile(regex, Pattern.UNIX_LINES);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex " + regex + ": " + e.getDescription(), e);
            }
        }
    }
}
