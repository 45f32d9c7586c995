package io.amphora.model;

import java.util.List;

/**
 * Syntax tree of an RE2 regular expression as {@link Re2Parser} builds it. Flags are already applied to the nodes
 * (case folding to literals and classes, dot-matches-newline to {@link AnyChar}, multi-line to {@link Assertion});
 * groups, captures and greediness are dropped because only whole-string matching is ever asked of the tree.
 */
sealed interface RegexNode {
    /** Matches the empty string. */
    record Empty() implements RegexNode {}

    /**
     * A literal string. {@code foldCase} is set only when the text contains a character that has case variants,
     * so a folded literal of digits or punctuation is stored as a plain one.
     */
    record Literal(String text, boolean foldCase) implements RegexNode {
        static Literal of(String text, boolean foldCase) {
            return new Literal(text, foldCase && !isCaseless(text));
        }

        /** Whether the text matches only itself even under case folding. */
        boolean caseless() {
            return !foldCase && isCaseless(text);
        }

        /**
         * Conservative: only ASCII characters other than letters count as caseless, because Unicode case mapping
         * relates some letters that map to themselves (e.g. U+00DF and U+1E9E) and both engines follow it.
         */
        static boolean isCaseless(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * One character from a set: code point {@code ranges} (sorted, disjoint, inclusive {@code lo, hi} pairs) plus
     * Unicode {@code properties} in Java syntax (e.g. {@code \p{sc=Greek}}), which cannot be enumerated.
     */
    record CharClass(int[] ranges, List<String> properties, boolean negated, boolean foldCase) implements RegexNode {
        public CharClass {
            properties = List.copyOf(properties);
        }

        /** Number of code points in {@code ranges}. */
        long size() {
            long size = 0;
            for (int i = 0; i < ranges.length; i += 2) {
                size += ranges[i + 1] - ranges[i] + 1L;
            }
            return size;
        }
    }

    /** Any single character; {@code matchesNewline} is false under {@code (?-s)}. */
    record AnyChar(boolean matchesNewline) implements RegexNode {}

    /** {@code sub} repeated {@code min} to {@code max} times; {@code max} is {@link #UNBOUNDED} for no limit. */
    record Repeat(RegexNode sub, int min, int max) implements RegexNode {
        static final int UNBOUNDED = -1;
    }

    record Concat(List<RegexNode> subs) implements RegexNode {
        public Concat {
            subs = List.copyOf(subs);
        }
    }

    record Alternate(List<RegexNode> subs) implements RegexNode {
        public Alternate {
            subs = List.copyOf(subs);
        }
    }

    /** A zero-width assertion. */
    record Assertion(Kind kind) implements RegexNode {
        enum Kind {
            BEGIN_TEXT,
            END_TEXT,
            BEGIN_LINE,
            END_LINE,
            WORD_BOUNDARY,
            NOT_WORD_BOUNDARY
        }
    }
}
