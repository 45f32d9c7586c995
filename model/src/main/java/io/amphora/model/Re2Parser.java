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
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses the RE2 syntax Prometheus accepts (Go's {@code regexp/syntax} with {@code Perl} flags, {@code .} matching
 * newline) into a {@link RegexNode} tree.
 *
 * <p>It rejects what RE2 rejects even where {@link java.util.regex.Pattern} would accept it — backreferences,
 * lookaround, atomic groups, possessive and nested quantifiers, repeat counts over 1000, Java-only escapes and
 * flags — so a selector means the same thing here as in Prometheus, and it accepts RE2 syntax that Java lacks
 * ({@code (?P<name>…)}, POSIX classes {@code [[:alpha:]]}, a {@code {} that does not start a repeat, RE2's
 * octal escapes). Case folding follows Java's Unicode case mapping, which differs from RE2's simple folding for a
 * handful of characters ({@code (?i)i} also matches U+0130 here, {@code (?i)ß} does not match U+1E9E).
 */
final class Re2Parser {
    static final int MAX_REPEAT = 1000;
    private static final int MAX_NESTING = 1000;

    private static final int FOLD_CASE = 1;
    private static final int MULTI_LINE = 2;
    private static final int DOT_NL = 4;

    private static final int[] DIGIT = {'0', '9'};
    private static final int[] SPACE = {'\t', '\n', '\f', '\r', ' ', ' '};
    private static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};

    /** Go's {@code unicode.Categories} names. */
    private static final Set<String> CATEGORIES = Set.of(
            "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl",
            "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs");

    private final String re;
    private final Set<String> groupNames = new HashSet<>();
    private int pos;
    private int flags = DOT_NL;
    private int depth;

    private Re2Parser(String re) {
        this.re = re;
    }

    /** @throws IllegalArgumentException with the reason and the offending fragment when {@code re} is not valid RE2 */
    static RegexNode parse(String re) {
        Re2Parser parser = new Re2Parser(re);
        RegexNode node = parser.parseAlternation();
        if (parser.pos < re.length()) {
            throw parser.error("unexpected )", parser.pos, parser.pos + 1);
        }
        return node;
    }

    private RegexNode parseAlternation() {
        List<RegexNode> branches = new ArrayList<>();
        branches.add(parseConcat());
        while (pos < re.length() && re.charAt(pos) == '|') {
            pos++;
            branches.add(parseConcat());
        }
        return branches.size() == 1 ? branches.getFirst() : new Alternate(branches);
    }

    private RegexNode parseConcat() {
        List<RegexNode> items = new ArrayList<>();
        while (pos < re.length()) {
            char c = re.charAt(pos);
            if (c == '|' || c == ')') {
                break;
            }
            int start = pos;
            RegexNode atom;
            if (re.startsWith("\\Q", pos)) {
                // A quantifier after \Q..\E applies to the last quoted character only, as in RE2.
                String quoted = parseQuoted();
                if (quoted.isEmpty()) {
                    continue;
                }
                int last = quoted.offsetByCodePoints(quoted.length(), -1);
                if (last > 0) {
                    append(items, Literal.of(quoted.substring(0, last), isSet(FOLD_CASE)));
                }
                atom = Literal.of(quoted.substring(last), isSet(FOLD_CASE));
            } else {
                atom = parseAtom();
                if (atom == null) {
                    continue; // a flags-only group such as (?i)
                }
            }
            append(items, parseRepeat(atom, start));
        }
        return switch (items.size()) {
            case 0 -> new Empty();
            case 1 -> items.getFirst();
            default -> new Concat(items);
        };
    }

    /** Appends to a concatenation, flattening nested ones and merging adjacent literals. */
    private static void append(List<RegexNode> items, RegexNode node) {
        switch (node) {
            case Empty ignored -> {}
            case Concat concat -> concat.subs().forEach(sub -> append(items, sub));
            case Literal literal when !items.isEmpty() && items.getLast() instanceof Literal previous
                    && merge(previous, literal) != null -> items.set(items.size() - 1, merge(previous, literal));
            default -> items.add(node);
        }
    }

    /** The concatenation of two literals as one literal, or null when their case sensitivities conflict. */
    static Literal merge(Literal a, Literal b) {
        if (a.foldCase() == b.foldCase() || a.caseless() || b.caseless()) {
            return new Literal(a.text() + b.text(), a.foldCase() || b.foldCase());
        }
        return null;
    }

    private RegexNode parseAtom() {
        char c = re.charAt(pos);
        switch (c) {
            case '(' -> {
                return parseGroup();
            }
            case '[' -> {
                return parseClass();
            }
            case '.' -> {
                pos++;
                return new AnyChar(isSet(DOT_NL));
            }
            case '^' -> {
                pos++;
                return new Assertion(isSet(MULTI_LINE) ? Assertion.Kind.BEGIN_LINE : Assertion.Kind.BEGIN_TEXT);
            }
            case '$' -> {
                pos++;
                return new Assertion(isSet(MULTI_LINE) ? Assertion.Kind.END_LINE : Assertion.Kind.END_TEXT);
            }
            case '*', '+', '?' -> throw error("missing argument to repetition operator", pos, pos + 1);
            case '{' -> {
                int[] repeat = parseRepeatSpec(pos);
                if (repeat != null) {
                    throw error("missing argument to repetition operator", pos, repeat[2]);
                }
                pos++;
                return literal('{');
            }
            case '\\' -> {
                return parseEscapeAtom();
            }
            default -> {
                int cp = re.codePointAt(pos);
                pos += Character.charCount(cp);
                return literal(cp);
            }
        }
    }

    private RegexNode parseRepeat(RegexNode atom, int atomStart) {
        if (pos >= re.length()) {
            return atom;
        }
        int opStart = pos;
        int min;
        int max;
        switch (re.charAt(pos)) {
            case '*' -> {
                min = 0;
                max = Repeat.UNBOUNDED;
                pos++;
            }
            case '+' -> {
                min = 1;
                max = Repeat.UNBOUNDED;
                pos++;
            }
            case '?' -> {
                min = 0;
                max = 1;
                pos++;
            }
            case '{' -> {
                int[] spec = parseRepeatSpec(pos);
                if (spec == null) {
                    return atom; // not a repeat: the '{' is a literal, parsed as the next atom
                }
                min = spec[0];
                max = spec[1];
                pos = spec[2];
            }
            default -> {
                return atom;
            }
        }
        // Greediness does not change whether a whole string matches, so a lazy '?' is accepted and dropped.
        if (pos < re.length() && re.charAt(pos) == '?') {
            pos++;
        } else if (pos < re.length() && re.charAt(pos) == '+') {
            throw error("possessive quantifiers are not supported by RE2", opStart, pos + 1);
        }
        int nextEnd = repeatOperatorEnd(pos);
        if (nextEnd >= 0) {
            throw error("invalid nested repetition operator", opStart, nextEnd);
        }
        if (min > MAX_REPEAT || max > MAX_REPEAT || (max != Repeat.UNBOUNDED && min > max)) {
            throw error("invalid repeat count (RE2 allows at most " + MAX_REPEAT + ")", atomStart, pos);
        }
        return new Repeat(atom, min, max);
    }

    /** End of the repetition operator starting at {@code at}, or -1 when there is none. */
    private int repeatOperatorEnd(int at) {
        if (at >= re.length()) {
            return -1;
        }
        char c = re.charAt(at);
        if (c == '*' || c == '+' || c == '?') {
            return at + 1;
        }
        int[] spec = c == '{' ? parseRepeatSpec(at) : null;
        return spec == null ? -1 : spec[2];
    }

    /**
     * {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at} as {min, max, end}, or null when the text there is
     * not a repeat and RE2 reads the brace as a literal ({@code {,5}}, {@code {01}}, {@code {x}}).
     */
    private int[] parseRepeatSpec(int at) {
        int p = at + 1;
        int digitsEnd = digitsEnd(p);
        if (digitsEnd < 0) {
            return null;
        }
        int min = Integer.parseInt(re, p, digitsEnd, 10);
        p = digitsEnd;
        if (p >= re.length()) {
            return null;
        }
        if (re.charAt(p) == '}') {
            return new int[] {min, min, p + 1};
        }
        if (re.charAt(p) != ',') {
            return null;
        }
        p++;
        if (p < re.length() && re.charAt(p) == '}') {
            return new int[] {min, Repeat.UNBOUNDED, p + 1};
        }
        digitsEnd = digitsEnd(p);
        if (digitsEnd < 0 || digitsEnd >= re.length() || re.charAt(digitsEnd) != '}') {
            return null;
        }
        return new int[] {min, Integer.parseInt(re, p, digitsEnd, 10), digitsEnd + 1};
    }

    /** End of a run of 1 to 8 decimal digits without a leading zero (RE2's rule), or -1. */
    private int digitsEnd(int p) {
        int end = p;
        while (end < re.length() && re.charAt(end) >= '0' && re.charAt(end) <= '9') {
            end++;
        }
        int length = end - p;
        if (length == 0 || length > 8 || (length > 1 && re.charAt(p) == '0')) {
            return -1;
        }
        return end;
    }

    private RegexNode parseGroup() {
        int start = pos;
        if (++depth > MAX_NESTING) {
            throw error("expression nests too deeply", start, start + 1);
        }
        int saved = flags;
        pos++;
        RegexNode node;
        if (re.startsWith("?", pos)) {
            pos++;
            if (re.startsWith(":", pos)) {
                pos++;
            } else if (re.startsWith("P<", pos) || (re.startsWith("<", pos)
                    && !re.startsWith("<=", pos) && !re.startsWith("<!", pos))) {
                pos += re.charAt(pos) == 'P' ? 2 : 1;
                parseGroupName(start);
            } else {
                rejectUnsupportedGroup(start);
                if (parseFlags(start)) {
                    depth--;
                    return null; // (?flags) applies to the rest of the enclosing group
                }
            }
        }
        node = parseAlternation();
        if (pos >= re.length() || re.charAt(pos) != ')') {
            throw error("missing closing )", start, re.length());
        }
        pos++;
        flags = saved;
        depth--;
        return node;
    }

    private void rejectUnsupportedGroup(int start) {
        String[][] unsupported = {
            {"=", "lookahead assertions are not supported by RE2"},
            {"!", "negative lookahead assertions are not supported by RE2"},
            {"<=", "lookbehind assertions are not supported by RE2"},
            {"<!", "negative lookbehind assertions are not supported by RE2"},
            {">", "atomic groups are not supported by RE2"},
            {"P=", "named backreferences are not supported by RE2"},
            {"P>", "recursive patterns are not supported by RE2"},
            {"#", "comments are not supported by RE2"},
        };
        for (String[] construct : unsupported) {
            if (re.startsWith(construct[0], pos)) {
                throw error(construct[1], start, pos + construct[0].length());
            }
        }
    }

    private void parseGroupName(int start) {
        int end = re.indexOf('>', pos);
        if (end < 0) {
            throw error("invalid named capture", start, re.length());
        }
        String name = re.substring(pos, end);
        boolean valid = !name.isEmpty()
                && name.codePoints().allMatch(cp -> cp == '_' || Character.isLetterOrDigit(cp));
        if (!valid) {
            throw error("invalid named capture", start, end + 1);
        }
        if (!groupNames.add(name)) {
            throw error("duplicate capture group name", start, end + 1);
        }
        pos = end + 1;
    }

    /**
     * Parses {@code flags)} or {@code flags:} after {@code (?}; returns true for the former. RE2 knows {@code i}
     * (case-insensitive), {@code m} (multi-line), {@code s} (dot matches newline) and {@code U} (ungreedy, which
     * cannot change whether a whole string matches).
     */
    private boolean parseFlags(int start) {
        int newFlags = flags;
        boolean negate = false;
        boolean sawFlag = false;
        while (pos < re.length()) {
            char c = re.charAt(pos++);
            int flag;
            switch (c) {
                case 'i' -> flag = FOLD_CASE;
                case 'm' -> flag = MULTI_LINE;
                case 's' -> flag = DOT_NL;
                case 'U' -> flag = 0;
                case '-' -> {
                    if (negate) {
                        throw error("invalid flag group", start, pos);
                    }
                    negate = true;
                    sawFlag = false;
                    continue;
                }
                case ':', ')' -> {
                    if (negate && !sawFlag) {
                        throw error("invalid flag group", start, pos);
                    }
                    flags = newFlags;
                    return c == ')';
                }
                default -> throw error("unsupported flag '" + c + "' (RE2 supports i, m, s and U)", start, pos);
            }
            newFlags = negate ? newFlags & ~flag : newFlags | flag;
            sawFlag = true;
        }
        throw error("missing closing )", start, re.length());
    }

    private RegexNode parseEscapeAtom() {
        int start = pos;
        if (start + 1 >= re.length()) {
            throw error("trailing backslash at end of expression", start, re.length());
        }
        char c = re.charAt(start + 1);
        switch (c) {
            case 'A' -> {
                pos += 2;
                return new Assertion(Assertion.Kind.BEGIN_TEXT);
            }
            case 'z' -> {
                pos += 2;
                return new Assertion(Assertion.Kind.END_TEXT);
            }
            case 'b' -> {
                pos += 2;
                return new Assertion(Assertion.Kind.WORD_BOUNDARY);
            }
            case 'B' -> {
                pos += 2;
                return new Assertion(Assertion.Kind.NOT_WORD_BOUNDARY);
            }
            case 'd', 'D', 's', 'S', 'w', 'W' -> {
                pos += 2;
                return new CharClass(perlClass(c), List.of(), Character.isUpperCase(c), false);
            }
            case 'p', 'P' -> {
                pos++;
                UnicodeClass unicode = parseUnicodeClass(start);
                if (unicode.ranges() != null) {
                    return new CharClass(unicode.ranges(), List.of(), false, false);
                }
                return new CharClass(new int[0], List.of(unicode.property()), false, false);
            }
            case 'Z' -> throw error("\\Z is not supported by RE2 (use \\z)", start, start + 2);
            case 'C' -> throw error("\\C (any byte) is not supported", start, start + 2);
            default -> {
                pos++;
                return literal(parseCharEscape(start));
            }
        }
    }

    /** A character escape; {@code pos} is just after the backslash at {@code start}. */
    private int parseCharEscape(int start) {
        if (pos >= re.length()) {
            throw error("trailing backslash at end of expression", start, re.length());
        }
        int c = re.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case '1', '2', '3', '4', '5', '6', '7' -> {
                if (pos >= re.length() || !isOctal(re.charAt(pos))) {
                    throw error("backreferences are not supported by RE2", start, pos);
                }
                return parseOctal(c);
            }
            case '8', '9' -> throw error("backreferences are not supported by RE2", start, pos);
            case '0' -> {
                return parseOctal(c);
            }
            case 'x' -> {
                return parseHex(start);
            }
            case 'a' -> {
                return 0x07;
            }
            case 'f' -> {
                return '\f';
            }
            case 't' -> {
                return '\t';
            }
            case 'n' -> {
                return '\n';
            }
            case 'r' -> {
                return '\r';
            }
            case 'v' -> {
                return 0x0B;
            }
            case 'k' -> throw error("named backreferences are not supported by RE2", start, pos);
            case 'u' -> throw error("\\u is not RE2 syntax (use \\x{hhhh})", start, pos);
            default -> {
                if (c < 0x80 && !isAsciiLetterOrDigit(c)) {
                    return c; // escaped punctuation
                }
                throw error("invalid escape sequence", start, pos);
            }
        }
    }

    /** Up to three octal digits in total; {@code first} is already consumed. */
    private int parseOctal(int first) {
        int value = first - '0';
        for (int i = 1; i < 3 && pos < re.length() && isOctal(re.charAt(pos)); i++) {
            value = value * 8 + re.charAt(pos++) - '0';
        }
        return value;
    }

    private int parseHex(int start) {
        if (pos < re.length() && re.charAt(pos) == '{') {
            int end = re.indexOf('}', pos);
            if (end < 0 || end == pos + 1) {
                throw error("invalid escape sequence", start, end < 0 ? re.length() : end + 1);
            }
            int value = 0;
            for (int i = pos + 1; i < end; i++) {
                int digit = Character.digit(re.charAt(i), 16);
                if (digit < 0 || value > Character.MAX_CODE_POINT) {
                    throw error("invalid escape sequence", start, end + 1);
                }
                value = value * 16 + digit;
            }
            if (value > Character.MAX_CODE_POINT) {
                throw error("invalid escape sequence", start, end + 1);
            }
            pos = end + 1;
            return value;
        }
        if (pos + 2 > re.length()) {
            throw error("invalid escape sequence", start, re.length());
        }
        int high = Character.digit(re.charAt(pos), 16);
        int low = Character.digit(re.charAt(pos + 1), 16);
        if (high < 0 || low < 0) {
            throw error("invalid escape sequence", start, pos + 2);
        }
        pos += 2;
        return high * 16 + low;
    }

    /** Either enumerable ranges or a Java property expression. */
    private record UnicodeClass(int[] ranges, String property) {}

    /** {@code \pL}, {@code \p{Greek}}, {@code \P{Lu}}, {@code \p{^Greek}}; {@code pos} is at the 'p' or 'P'. */
    private UnicodeClass parseUnicodeClass(int start) {
        boolean negate = re.charAt(pos) == 'P';
        pos++;
        if (pos >= re.length()) {
            throw error("invalid character class range", start, re.length());
        }
        String name;
        if (re.charAt(pos) == '{') {
            int end = re.indexOf('}', pos);
            if (end < 0) {
                throw error("invalid character class range", start, re.length());
            }
            name = re.substring(pos + 1, end);
            pos = end + 1;
        } else {
            int cp = re.codePointAt(pos);
            name = Character.toString(cp);
            pos += Character.charCount(cp);
        }
        if (name.startsWith("^")) {
            negate = !negate;
            name = name.substring(1);
        }
        if (name.equals("Any")) {
            int[] all = {0, Character.MAX_CODE_POINT};
            return new UnicodeClass(negate ? complement(all) : all, null);
        }
        String property;
        if (CATEGORIES.contains(name)) {
            property = "gc=" + name;
        } else {
            property = "sc=" + scriptName(name, start);
        }
        return new UnicodeClass(null, (negate ? "\\P{" : "\\p{") + property + "}");
    }

    private String scriptName(String name, int start) {
        try {
            Character.UnicodeScript script = Character.UnicodeScript.forName(name);
            // RE2 knows scripts by their full names only ("Greek", not the alias "Grek" nor "GREEK").
            if (script.name().equals(name.toUpperCase(Locale.ROOT)) && Character.isUpperCase(name.charAt(0))) {
                return script.name();
            }
        } catch (IllegalArgumentException e) {
            // fall through to the RE2 error
        }
        throw error("invalid character class range", start, pos);
    }

    private RegexNode parseClass() {
        int start = pos;
        pos++;
        boolean negated = false;
        if (pos < re.length() && re.charAt(pos) == '^') {
            negated = true;
            pos++;
        }
        RangeBuilder ranges = new RangeBuilder();
        List<String> properties = new ArrayList<>();
        boolean first = true;
        while (true) {
            if (pos >= re.length()) {
                throw error("missing closing ]", start, re.length());
            }
            char c = re.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (re.startsWith("[:", pos)) {
                int end = re.indexOf(":]", pos + 2);
                if (end >= 0) {
                    String name = re.substring(pos + 2, end);
                    boolean negate = name.startsWith("^");
                    int[] posix = posixClass(negate ? name.substring(1) : name);
                    if (posix == null) {
                        throw error("invalid character class range", pos, end + 2);
                    }
                    ranges.add(negate ? complement(posix) : posix);
                    pos = end + 2;
                    continue;
                }
            }
            if (c == '\\' && pos + 1 < re.length()) {
                char e = re.charAt(pos + 1);
                if ("dDsSwW".indexOf(e) >= 0) {
                    int[] perl = perlClass(e);
                    ranges.add(Character.isUpperCase(e) ? complement(perl) : perl);
                    pos += 2;
                    continue;
                }
                if (e == 'p' || e == 'P') {
                    int escapeStart = pos;
                    pos++;
                    UnicodeClass unicode = parseUnicodeClass(escapeStart);
                    if (unicode.ranges() != null) {
                        ranges.add(unicode.ranges());
                    } else {
                        properties.add(unicode.property());
                    }
                    continue;
                }
            }
            int rangeStart = pos;
            int lo = parseClassChar();
            int hi = lo;
            if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
                pos++;
                hi = parseClassChar();
                if (hi < lo) {
                    throw error("invalid character class range", rangeStart, pos);
                }
            }
            ranges.add(lo, hi);
        }
        int[] built = ranges.build();
        boolean fold = isSet(FOLD_CASE) && (!properties.isEmpty() || !isCaselessRanges(built));
        return new CharClass(built, properties, negated, fold);
    }

    private int parseClassChar() {
        if (re.charAt(pos) == '\\') {
            int start = pos;
            pos++;
            return parseCharEscape(start);
        }
        int cp = re.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }

    private String parseQuoted() {
        pos += 2;
        int end = re.indexOf("\\E", pos);
        String quoted = end < 0 ? re.substring(pos) : re.substring(pos, end);
        pos = end < 0 ? re.length() : end + 2;
        return quoted;
    }

    private Literal literal(int cp) {
        return Literal.of(Character.toString(cp), isSet(FOLD_CASE));
    }

    private boolean isSet(int flag) {
        return (flags & flag) != 0;
    }

    private IllegalArgumentException error(String reason, int from, int to) {
        return new IllegalArgumentException("invalid regular expression \"" + re + "\": " + reason + ": `"
                + re.substring(Math.max(0, from), Math.min(to, re.length())) + "`");
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isCaselessRanges(int[] ranges) {
        for (int i = 0; i < ranges.length; i += 2) {
            int lo = ranges[i];
            int hi = ranges[i + 1];
            if (hi >= 0x80 || (lo <= 'Z' && hi >= 'A') || (lo <= 'z' && hi >= 'a')) {
                return false;
            }
        }
        return true;
    }

    private static int[] perlClass(char c) {
        return switch (Character.toLowerCase(c)) {
            case 'd' -> DIGIT;
            case 's' -> SPACE;
            case 'w' -> WORD;
            default -> throw new IllegalStateException("not a Perl class: " + c);
        };
    }

    /** RE2's ASCII POSIX classes, as ranges. */
    private static int[] posixClass(String name) {
        return switch (name) {
            case "alnum" -> new int[] {'0', '9', 'A', 'Z', 'a', 'z'};
            case "alpha" -> new int[] {'A', 'Z', 'a', 'z'};
            case "ascii" -> new int[] {0, 0x7F};
            case "blank" -> new int[] {'\t', '\t', ' ', ' '};
            case "cntrl" -> new int[] {0, 0x1F, 0x7F, 0x7F};
            case "digit" -> DIGIT;
            case "graph" -> new int[] {'!', '~'};
            case "lower" -> new int[] {'a', 'z'};
            case "print" -> new int[] {' ', '~'};
            case "punct" -> new int[] {'!', '/', ':', '@', '[', '`', '{', '~'};
            case "space" -> new int[] {'\t', '\r', ' ', ' '};
            case "upper" -> new int[] {'A', 'Z'};
            case "word" -> WORD;
            case "xdigit" -> new int[] {'0', '9', 'A', 'F', 'a', 'f'};
            default -> null;
        };
    }

    /** {@code lo, hi} pairs sorted, with overlapping and adjacent ranges merged. */
    static int[] normalize(int[] ranges) {
        return new RangeBuilder().add(ranges).build();
    }

    /** The code points not in {@code ranges}. */
    static int[] complement(int[] ranges) {
        int[] sorted = normalize(ranges);
        int[] result = new int[sorted.length + 2];
        int n = 0;
        int next = 0;
        for (int i = 0; i < sorted.length; i += 2) {
            if (sorted[i] > next) {
                result[n++] = next;
                result[n++] = sorted[i] - 1;
            }
            next = sorted[i + 1] + 1;
        }
        if (next <= Character.MAX_CODE_POINT) {
            result[n++] = next;
            result[n++] = Character.MAX_CODE_POINT;
        }
        return Arrays.copyOf(result, n);
    }

    /** Collects inclusive code point ranges and sorts and merges them. */
    private static final class RangeBuilder {
        private int[] pairs = new int[8];
        private int size;

        RangeBuilder add(int lo, int hi) {
            if (size + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[size++] = lo;
            pairs[size++] = hi;
            return this;
        }

        RangeBuilder add(int[] ranges) {
            for (int i = 0; i < ranges.length; i += 2) {
                add(ranges[i], ranges[i + 1]);
            }
            return this;
        }

        int[] build() {
            int n = size / 2;
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
            }
            Arrays.sort(packed);
            int[] merged = new int[size];
            int m = 0;
            for (long range : packed) {
                int lo = (int) (range >>> 32);
                int hi = (int) range;
                if (m > 0 && lo <= merged[m - 1] + 1) {
                    merged[m - 1] = Math.max(merged[m - 1], hi);
                } else {
                    merged[m++] = lo;
                    merged[m++] = hi;
                }
            }
            return Arrays.copyOf(merged, m);
        }
    }
}
