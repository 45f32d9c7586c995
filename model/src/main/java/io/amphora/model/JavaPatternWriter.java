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
import java.util.List;

/**
 * Writes a {@link RegexNode} tree as a {@link java.util.regex.Pattern} with the same whole-string semantics as RE2.
 *
 * <p>The output relies on no compile flags: case folding is written per node as {@code (?iu:…)}, every
 * non-alphanumeric character as {@code \x{…}} (so nothing is mistaken for Java syntax), and the constructs whose
 * meaning differs between the engines are spelled out: RE2's {@code $} (end of text only) as {@code \z}, its
 * multi-line {@code ^}/{@code $} (which know only {@code \n}) as lookarounds, {@code .} as an explicit class, and
 * word boundaries over ASCII word characters. Groups are written non-capturing.
 */
final class JavaPatternWriter {
    private static final String WORD = "[0-9A-Za-z_]";
    private static final String ANY = "[\\x{0}-\\x{10ffff}]";

    private JavaPatternWriter() {}

    static String write(RegexNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(RegexNode node, StringBuilder sb) {
        switch (node) {
            case Empty ignored -> sb.append("(?:)");
            case Literal literal -> {
                if (literal.foldCase()) {
                    sb.append("(?iu:");
                }
                literal.text().codePoints().forEach(cp -> appendCodePoint(cp, sb));
                if (literal.foldCase()) {
                    sb.append(')');
                }
            }
            case CharClass charClass -> writeClass(charClass, sb);
            case AnyChar any -> sb.append(any.matchesNewline() ? ANY : "[^\\x{a}]");
            case Repeat repeat -> {
                CharClass asClass = asClass(repeat.sub());
                if (asClass != null) {
                    writeClass(asClass, sb);
                } else if (isAtom(repeat.sub())) {
                    write(repeat.sub(), sb);
                } else {
                    sb.append("(?:");
                    write(repeat.sub(), sb);
                    sb.append(')');
                }
                appendQuantifier(repeat, sb);
            }
            case Concat concat -> concat.subs().forEach(sub -> write(sub, sb));
            case Alternate alternate when asClass(alternate) != null -> writeClass(asClass(alternate), sb);
            case Alternate alternate -> {
                sb.append("(?:");
                for (int i = 0; i < alternate.subs().size(); i++) {
                    if (i > 0) {
                        sb.append('|');
                    }
                    write(alternate.subs().get(i), sb);
                }
                sb.append(')');
            }
            case Assertion assertion -> sb.append(switch (assertion.kind()) {
                case BEGIN_TEXT -> "\\A";
                case END_TEXT -> "\\z";
                case BEGIN_LINE -> "(?<![^\\x{a}])";
                case END_LINE -> "(?![^\\x{a}])";
                case WORD_BOUNDARY -> "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
                case NOT_WORD_BOUNDARY -> "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";
            });
        }
    }

    /**
     * Whether the node is written as one quantifiable unit. Quantifying a bare class or character rather than a
     * group lets Java run the repetition as a loop instead of recursing once per character.
     */
    private static boolean isAtom(RegexNode node) {
        return switch (node) {
            case Literal literal ->
                    !literal.foldCase() && literal.text().codePointCount(0, literal.text().length()) == 1;
            case CharClass charClass -> !charClass.foldCase();
            case AnyChar ignored -> true;
            default -> false;
        };
    }

    /**
     * The node as one positive character class when it matches exactly one character from a set, e.g.
     * {@code a|b|[0-9]}; null otherwise. Java runs a repeated class as a loop, but recurses once per iteration of
     * a repeated group, which overflows the stack on long values.
     */
    private static CharClass asClass(RegexNode node) {
        return switch (node) {
            case Literal literal when !literal.foldCase()
                    && literal.text().codePointCount(0, literal.text().length()) == 1 -> {
                int cp = literal.text().codePointAt(0);
                yield new CharClass(new int[] {cp, cp}, List.of(), false, false);
            }
            case CharClass charClass when !charClass.foldCase() && !charClass.negated() -> charClass;
            case Alternate alternate -> {
                List<int[]> ranges = new ArrayList<>();
                List<String> properties = new ArrayList<>();
                for (RegexNode sub : alternate.subs()) {
                    CharClass charClass = asClass(sub);
                    if (charClass == null) {
                        yield null;
                    }
                    ranges.add(charClass.ranges());
                    properties.addAll(charClass.properties());
                }
                int[] all = ranges.stream().flatMapToInt(Arrays::stream).toArray();
                yield new CharClass(Re2Parser.normalize(all), properties, false, false);
            }
            default -> null;
        };
    }

    private static void appendQuantifier(Repeat repeat, StringBuilder sb) {
        int min = repeat.min();
        int max = repeat.max();
        if (max == Repeat.UNBOUNDED) {
            switch (min) {
                case 0 -> sb.append('*');
                case 1 -> sb.append('+');
                default -> sb.append('{').append(min).append(",}");
            }
        } else if (min == 0 && max == 1) {
            sb.append('?');
        } else if (min == max) {
            sb.append('{').append(min).append('}');
        } else {
            sb.append('{').append(min).append(',').append(max).append('}');
        }
    }

    private static void writeClass(CharClass charClass, StringBuilder sb) {
        if (charClass.foldCase()) {
            sb.append("(?iu:");
        }
        int[] ranges = charClass.ranges();
        boolean negated = charClass.negated();
        if (ranges.length == 0 && charClass.properties().isEmpty()) {
            // An empty set; Java has no "[]", so write its complement with the negation flipped.
            ranges = new int[] {0, Character.MAX_CODE_POINT};
            negated = !negated;
        }
        sb.append(negated ? "[^" : "[");
        for (int i = 0; i < ranges.length; i += 2) {
            appendCodePoint(ranges[i], sb);
            if (ranges[i + 1] != ranges[i]) {
                sb.append('-');
                appendCodePoint(ranges[i + 1], sb);
            }
        }
        charClass.properties().forEach(sb::append);
        sb.append(']');
        if (charClass.foldCase()) {
            sb.append(')');
        }
    }

    private static void appendCodePoint(int cp, StringBuilder sb) {
        if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
            sb.append((char) cp);
        } else {
            sb.append("\\x{").append(Integer.toHexString(cp)).append('}');
        }
    }
}
