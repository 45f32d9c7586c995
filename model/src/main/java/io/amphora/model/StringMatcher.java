package io.amphora.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a whole label value matches; {@link FastRegex} picks the cheapest one equivalent to a regex.
 * Every implementation except {@link PatternMatch} is allocation-free.
 */
sealed interface StringMatcher {
    boolean matches(String s);

    record Equal(String value) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return value.equals(s);
        }
    }

    record EqualIgnoreCase(String value) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return value.equalsIgnoreCase(s);
        }
    }

    /** A set of literals, looked up by hash. */
    record InSet(Set<String> values) implements StringMatcher {
        public InSet {
            values = Set.copyOf(values);
        }

        @Override
        public boolean matches(String s) {
            return values.contains(s);
        }
    }

    /** Case-insensitive literals; scanned, since a folded hash key would have to be allocated per lookup. */
    record InSetIgnoreCase(String[] values) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            for (String value : values) {
                if (value.equalsIgnoreCase(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code .*}. */
    record Any() implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return true;
        }
    }

    /** {@code .+}. */
    record NonEmpty() implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return !s.isEmpty();
        }
    }

    /** {@code prefix.*}. */
    record Prefix(String prefix) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return s.startsWith(prefix);
        }
    }

    /** {@code .*suffix}. */
    record Suffix(String suffix) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return s.endsWith(suffix);
        }
    }

    /** {@code .*infix.*}. */
    record Contains(String infix) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return s.contains(infix);
        }
    }

    /**
     * Literals separated by unbounded wildcards, such as {@code a.*b.+c} or {@code .*-.*-.*}. {@code minGaps[i]}
     * is the least number of characters (code points) before {@code literals[i]}, and {@code minGaps[n]} after
     * the last one; -1 means no wildcard there, so the first or last literal is anchored to the start or end.
     * Literals are searched leftmost-first, which is optimal because every gap is unbounded.
     */
    record LiteralsInOrder(String[] literals, int[] minGaps) implements StringMatcher {
        public LiteralsInOrder {
            if (minGaps.length != literals.length + 1) {
                throw new IllegalArgumentException("need one gap more than literals");
            }
        }

        @Override
        public boolean matches(String s) {
            int n = literals.length;
            int pos = 0;
            int end = s.length();
            int first = 0;
            int last = n;
            if (n > 0 && minGaps[0] < 0) {
                if (!s.startsWith(literals[0])) {
                    return false;
                }
                pos = literals[0].length();
                first = 1;
            }
            if (n > 0 && minGaps[n] < 0 && last > first) {
                String suffix = literals[n - 1];
                if (end - suffix.length() < pos || !s.endsWith(suffix)) {
                    return false;
                }
                end -= suffix.length();
                last = n - 1;
            }
            for (int i = first; i < last; i++) {
                pos = skipCodePoints(s, pos, end, minGaps[i]);
                if (pos < 0) {
                    return false;
                }
                int index = s.indexOf(literals[i], pos);
                if (index < 0 || index + literals[i].length() > end) {
                    return false;
                }
                pos = index + literals[i].length();
            }
            return minGaps[last] < 0 ? pos == end : skipCodePoints(s, pos, end, minGaps[last]) >= 0;
        }

        /** The index {@code count} code points after {@code pos}, or -1 when that passes {@code end}. */
        private static int skipCodePoints(String s, int pos, int end, int count) {
            if (pos > end) {
                return -1;
            }
            for (int i = 0; i < count; i++) {
                if (pos >= end) {
                    return -1;
                }
                char c = s.charAt(pos++);
                if (Character.isHighSurrogate(c) && pos < end && Character.isLowSurrogate(s.charAt(pos))) {
                    pos++;
                }
            }
            return pos;
        }
    }

    /** An alternation whose branches all have fast matchers, such as {@code foo.*|.*bar}. */
    record AnyOf(StringMatcher[] matchers) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            for (StringMatcher matcher : matchers) {
                if (matcher.matches(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The regex engine, behind a cheap check of the literal prefix and suffix every match must have, which
     * rejects most non-matching values without allocating.
     */
    record PatternMatch(Pattern pattern, String prefix, String suffix) implements StringMatcher {
        @Override
        public boolean matches(String s) {
            return s.startsWith(prefix) && s.endsWith(suffix) && pattern.matcher(s).matches();
        }
    }
}
