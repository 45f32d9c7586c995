package io.amphora.model;

import io.amphora.model.RegexNode.Alternate;
import io.amphora.model.RegexNode.AnyChar;
import io.amphora.model.RegexNode.Assertion;
import io.amphora.model.RegexNode.CharClass;
import io.amphora.model.RegexNode.Concat;
import io.amphora.model.RegexNode.Empty;
import io.amphora.model.RegexNode.Literal;
import io.amphora.model.RegexNode.Repeat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An RE2 regex compiled for whole-string label matching: the equivalent {@link Pattern}, the cheapest equivalent
 * {@link StringMatcher}, the literal set it matches when it is a finite set, and the literal prefix of every match.
 *
 * <p>Fast paths, in the spirit of Prometheus's {@code FastRegexMatcher}: finite sets of literals ({@code a|b|c},
 * {@code foo(bar|baz)?}, small classes; {@code (?i)} sets compared case-insensitively) become equality or hash
 * lookups; literals separated by {@code .*}/{@code .+} become prefix, suffix, contains or in-order searches;
 * alternations of those are tried branch by branch. Anything else runs the Java pattern behind a prefix/suffix
 * check.
 */
final class FastRegex {
    /** Largest set a concatenation may expand to (e.g. {@code [a-p][a-p]}), as in Prometheus. */
    static final int MAX_SET_PRODUCT = 256;

    private static final int CASELESS = 0;
    private static final int SENSITIVE = 1;
    private static final int INSENSITIVE = 2;

    private final Pattern pattern;
    private final StringMatcher matcher;
    private final List<String> setMatches;
    private final String prefix;

    private FastRegex(Pattern pattern, StringMatcher matcher, List<String> setMatches, String prefix) {
        this.pattern = pattern;
        this.matcher = matcher;
        this.setMatches = setMatches;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException when {@code regex} is not valid RE2 syntax */
    static FastRegex compile(String regex) {
        RegexNode tree = Re2Parser.parse(regex);
        Pattern pattern;
        try {
            pattern = Pattern.compile(JavaPatternWriter.write(tree));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(
                    "invalid regular expression \"" + regex + "\": " + e.getDescription(), e);
        }
        RegexNode node = stripAnchors(tree);
        String prefix = prefixOf(node);
        Expansion expansion = expand(node);
        List<String> setMatches = expansion != null && expansion.mode() != INSENSITIVE
                ? List.copyOf(expansion.values())
                : List.of();
        StringMatcher matcher = fastMatcher(node);
        if (matcher == null) {
            matcher = new StringMatcher.PatternMatch(pattern, prefix, suffixOf(node));
        }
        return new FastRegex(pattern, matcher, setMatches, prefix);
    }

    boolean matches(String s) {
        return matcher.matches(s);
    }

    /** The Java pattern alone, bypassing every fast path (for tests proving the two agree). */
    boolean matchesWithPattern(String s) {
        return pattern.matcher(s).matches();
    }

    Pattern pattern() {
        return pattern;
    }

    StringMatcher matcher() {
        return matcher;
    }

    List<String> setMatches() {
        return setMatches;
    }

    String prefix() {
        return prefix;
    }

    /** Drops {@code ^}/{@code \A} at the start and {@code $}/{@code \z} at the end: matching is anchored anyway. */
    private static RegexNode stripAnchors(RegexNode node) {
        return switch (node) {
            case Assertion a when a.kind() == Assertion.Kind.BEGIN_TEXT || a.kind() == Assertion.Kind.END_TEXT ->
                    new Empty();
            case Alternate alternate -> new Alternate(alternate.subs().stream().map(FastRegex::stripAnchors).toList());
            case Concat concat -> {
                List<RegexNode> subs = concat.subs();
                int from = 0;
                int to = subs.size();
                while (from < to && subs.get(from) instanceof Assertion a && a.kind() == Assertion.Kind.BEGIN_TEXT) {
                    from++;
                }
                while (to > from && subs.get(to - 1) instanceof Assertion a && a.kind() == Assertion.Kind.END_TEXT) {
                    to--;
                }
                List<RegexNode> kept = new ArrayList<>();
                for (RegexNode sub : subs.subList(from, to)) {
                    if (!kept.isEmpty() && kept.getLast() instanceof Literal previous && sub instanceof Literal literal
                            && Re2Parser.merge(previous, literal) != null) {
                        kept.set(kept.size() - 1, Re2Parser.merge(previous, literal));
                    } else {
                        kept.add(sub);
                    }
                }
                yield switch (kept.size()) {
                    case 0 -> new Empty();
                    case 1 -> kept.getFirst();
                    default -> new Concat(kept);
                };
            }
            default -> node;
        };
    }

    private static StringMatcher fastMatcher(RegexNode node) {
        Expansion expansion = expand(node);
        if (expansion != null) {
            List<String> values = expansion.values();
            if (expansion.mode() == INSENSITIVE) {
                return values.size() == 1
                        ? new StringMatcher.EqualIgnoreCase(values.getFirst())
                        : new StringMatcher.InSetIgnoreCase(values.toArray(String[]::new));
            }
            return values.size() == 1 ? new StringMatcher.Equal(values.getFirst()) : new StringMatcher.InSet(
                    new LinkedHashSet<>(values));
        }
        StringMatcher wildcards = wildcardMatcher(node);
        if (wildcards != null) {
            return wildcards;
        }
        if (node instanceof Alternate alternate) {
            StringMatcher[] branches = new StringMatcher[alternate.subs().size()];
            for (int i = 0; i < branches.length; i++) {
                branches[i] = fastMatcher(alternate.subs().get(i));
                if (branches[i] == null) {
                    return null;
                }
            }
            return new StringMatcher.AnyOf(branches);
        }
        return null;
    }

    /** The values a node matches when they are a finite set, with their case sensitivity. */
    private record Expansion(List<String> values, int mode) {}

    private static Expansion expand(RegexNode node) {
        return switch (node) {
            case Empty ignored -> new Expansion(List.of(""), CASELESS);
            case Literal literal when literal.foldCase() && !isAscii(literal.text()) -> null;
            case Literal literal -> new Expansion(List.of(literal.text()), literal.foldCase()
                    ? INSENSITIVE
                    : literal.caseless() ? CASELESS : SENSITIVE);
            case CharClass charClass -> expandClass(charClass);
            case Concat concat -> {
                Expansion product = new Expansion(List.of(""), CASELESS);
                for (RegexNode sub : concat.subs()) {
                    product = product(product, expand(sub));
                    if (product == null) {
                        yield null;
                    }
                }
                yield product;
            }
            case Alternate alternate -> {
                Expansion union = null;
                for (RegexNode sub : alternate.subs()) {
                    union = union(union, expand(sub));
                    if (union == null) {
                        yield null;
                    }
                }
                yield union;
            }
            case Repeat repeat when repeat.min() == 0 && repeat.max() == 1 ->
                    union(new Expansion(List.of(""), CASELESS), expand(repeat.sub()));
            case Repeat repeat when repeat.min() == repeat.max() -> {
                Expansion one = expand(repeat.sub());
                Expansion product = new Expansion(List.of(""), CASELESS);
                for (int i = 0; i < repeat.min() && product != null; i++) {
                    product = product(product, one);
                }
                yield product;
            }
            default -> null;
        };
    }

    private static Expansion expandClass(CharClass charClass) {
        if (charClass.negated() || !charClass.properties().isEmpty() || charClass.size() > MAX_SET_PRODUCT) {
            return null;
        }
        int[] ranges = charClass.ranges();
        if (charClass.foldCase() && ranges.length > 0 && ranges[ranges.length - 1] >= 0x80) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            for (int cp = ranges[i]; cp <= ranges[i + 1]; cp++) {
                values.add(Character.toString(cp));
            }
        }
        boolean caseless = values.stream().allMatch(Literal::isCaseless);
        return new Expansion(values, caseless ? CASELESS : charClass.foldCase() ? INSENSITIVE : SENSITIVE);
    }

    /**
     * Case-insensitive sets are compared with {@link String#equalsIgnoreCase}, which agrees with the regex
     * engine's {@code (?iu)} for ASCII literals (including against non-ASCII input such as U+212A KELVIN SIGN)
     * but not for every non-ASCII one (U+00DF vs U+1E9E), so those keep the regex engine.
     */
    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static Expansion product(Expansion left, Expansion right) {
        if (left == null || right == null) {
            return null;
        }
        int mode = combine(left.mode(), right.mode());
        if (mode < 0 || (long) left.values().size() * right.values().size() > MAX_SET_PRODUCT) {
            return null;
        }
        LinkedHashSet<String> values = new LinkedHashSet<>();
        for (String a : left.values()) {
            for (String b : right.values()) {
                values.add(a + b);
            }
        }
        return new Expansion(List.copyOf(values), mode);
    }

    private static Expansion union(Expansion left, Expansion right) {
        if (right == null) {
            return null;
        }
        if (left == null) {
            return right;
        }
        int mode = combine(left.mode(), right.mode());
        if (mode < 0) {
            return null;
        }
        LinkedHashSet<String> values = new LinkedHashSet<>(left.values());
        values.addAll(right.values());
        return new Expansion(List.copyOf(values), mode);
    }

    private static int combine(int a, int b) {
        if (a == CASELESS || a == b) {
            return b;
        }
        return b == CASELESS ? a : -1;
    }

    /**
     * A matcher for case-sensitive literals separated by unbounded wildcards ({@code .*}, {@code .+},
     * {@code .{n,}}, with {@code .} matching newlines), or null when the node has another shape.
     */
    private static StringMatcher wildcardMatcher(RegexNode node) {
        List<RegexNode> elements = node instanceof Concat concat ? concat.subs() : List.of(node);
        List<String> literals = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        int pendingGap = -1;
        boolean sawGap = false;
        for (RegexNode element : elements) {
            if (element instanceof Repeat repeat && repeat.max() == Repeat.UNBOUNDED
                    && repeat.sub() instanceof AnyChar any && any.matchesNewline()) {
                pendingGap = Math.max(pendingGap, 0) + repeat.min();
                sawGap = true;
            } else if (element instanceof Literal literal && !literal.foldCase()) {
                if (pendingGap < 0 && !literals.isEmpty()) {
                    literals.set(literals.size() - 1, literals.getLast() + literal.text());
                } else {
                    gaps.add(pendingGap);
                    literals.add(literal.text());
                    pendingGap = -1;
                }
            } else {
                return null;
            }
        }
        if (!sawGap) {
            return null;
        }
        gaps.add(pendingGap);
        int n = literals.size();
        if (n == 0) {
            int gap = gaps.getFirst();
            if (gap <= 1) {
                return gap == 0 ? new StringMatcher.Any() : new StringMatcher.NonEmpty();
            }
        } else if (n == 1) {
            int before = gaps.get(0);
            int after = gaps.get(1);
            String literal = literals.getFirst();
            if (before < 0 && after == 0) {
                return new StringMatcher.Prefix(literal);
            }
            if (before == 0 && after < 0) {
                return new StringMatcher.Suffix(literal);
            }
            if (before == 0 && after == 0) {
                return new StringMatcher.Contains(literal);
            }
        }
        return new StringMatcher.LiteralsInOrder(
                literals.toArray(String[]::new), gaps.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The case-sensitive literal text every match of {@code node} starts with. */
    private static String prefixOf(RegexNode node) {
        return switch (node) {
            case Literal literal -> literal.foldCase() ? "" : literal.text();
            case CharClass charClass -> singleCodePoint(charClass);
            case Concat concat -> {
                StringBuilder prefix = new StringBuilder();
                for (RegexNode sub : concat.subs()) {
                    if (sub instanceof Assertion) {
                        continue; // zero-width
                    }
                    String exact = exactText(sub);
                    if (exact == null) {
                        prefix.append(prefixOf(sub));
                        break;
                    }
                    prefix.append(exact);
                }
                yield prefix.toString();
            }
            case Alternate alternate -> {
                String common = null;
                for (RegexNode sub : alternate.subs()) {
                    String p = prefixOf(sub);
                    common = common == null ? p : commonPrefix(common, p);
                }
                yield common == null ? "" : common;
            }
            case Repeat repeat -> repeat.min() > 0 ? prefixOf(repeat.sub()) : "";
            default -> "";
        };
    }

    /** The case-sensitive literal text every match of {@code node} ends with. */
    private static String suffixOf(RegexNode node) {
        return switch (node) {
            case Literal literal -> literal.foldCase() ? "" : literal.text();
            case CharClass charClass -> singleCodePoint(charClass);
            case Concat concat -> {
                StringBuilder reversed = new StringBuilder();
                List<RegexNode> subs = concat.subs();
                for (int i = subs.size() - 1; i >= 0; i--) {
                    RegexNode sub = subs.get(i);
                    if (sub instanceof Assertion) {
                        continue;
                    }
                    String exact = exactText(sub);
                    if (exact == null) {
                        reversed.insert(0, suffixOf(sub));
                        break;
                    }
                    reversed.insert(0, exact);
                }
                yield reversed.toString();
            }
            case Alternate alternate -> {
                String common = null;
                for (RegexNode sub : alternate.subs()) {
                    String s = suffixOf(sub);
                    common = common == null ? s : commonSuffix(common, s);
                }
                yield common == null ? "" : common;
            }
            case Repeat repeat -> repeat.min() > 0 ? suffixOf(repeat.sub()) : "";
            default -> "";
        };
    }

    /** The only string {@code node} matches, if it is one case-sensitive literal; otherwise null. */
    private static String exactText(RegexNode node) {
        return switch (node) {
            case Literal literal -> literal.foldCase() ? null : literal.text();
            case CharClass charClass -> {
                String single = singleCodePoint(charClass);
                yield single.isEmpty() ? null : single;
            }
            default -> null;
        };
    }

    private static String singleCodePoint(CharClass charClass) {
        int[] ranges = charClass.ranges();
        boolean single = !charClass.negated() && !charClass.foldCase() && charClass.properties().isEmpty()
                && ranges.length == 2 && ranges[0] == ranges[1];
        return single ? Character.toString(ranges[0]) : "";
    }

    private static String commonPrefix(String a, String b) {
        int n = 0;
        int max = Math.min(a.length(), b.length());
        while (n < max && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        if (n > 0 && Character.isHighSurrogate(a.charAt(n - 1))) {
            n--; // never split a surrogate pair
        }
        return a.substring(0, n);
    }

    private static String commonSuffix(String a, String b) {
        int n = 0;
        int max = Math.min(a.length(), b.length());
        while (n < max && a.charAt(a.length() - 1 - n) == b.charAt(b.length() - 1 - n)) {
            n++;
        }
        if (n > 0 && Character.isLowSurrogate(a.charAt(a.length() - n))) {
            n--;
        }
        return a.substring(a.length() - n);
    }
}
