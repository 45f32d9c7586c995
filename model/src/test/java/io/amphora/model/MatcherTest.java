package io.amphora.model;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class MatcherTest {
    /** Inputs every fast path is checked against, chosen around the edges of the regexes below. */
    private static final List<String> INPUTS = inputs();

    private static List<String> inputs() {
        List<String> inputs = new ArrayList<>(List.of(
                "", "f", "fo", "foo", "fooo", "FOO", "Foo", "fOo", "foobar", "barfoo", "xfoox", "foofoo", "foo\n",
                "\nfoo", "foo\nbar", "\n", "\r\n", "bar", "BAR", "baz", "ba", "a", "b", "ab", "ba", "aab", "abab",
                "aXb", "a\nb", "a b", "aab-b", "api-eu-1", "api-us-1", "api-EU-1", "api-", "api-eu-12", "node0",
                "node3", "node4", "nodes", "abc-12", "abc-1", "Abc-12", "a.b*c", "a.bbc", "foo.bar", "fooxbar",
                "a foo b", "afoob", "é", "aé", "😀", "x😀", "😀😀", "foo😀bar", "a😀b", "ſ", "s", "S", "\u212A", "k",
                "K", "\u0130", "i", "I", "ß", "\u1E9E", "ss", "\u0000", "\u000B", " ", "\t", "]", "[", "&", "{",
                "a{", "a{,2}", "a{01}", "a{2}", "aa", "***", "-", "ab-", "abc", "abd", "abe", "ac", "ad", "bc",
                "bd", "fooba", "bfoo", "x".repeat(300)));
        // Seeded random strings over an alphabet that exercises the regexes' literals, case and newlines.
        String[] alphabet = {"a", "b", "f", "o", "r", "x", "A", "F", "O", "-", "\n", ".", "😀", "é", "1"};
        Random random = new Random(42);
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(9);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            inputs.add(sb.toString());
        }
        return List.copyOf(inputs);
    }

    static Stream<Arguments> fastPaths() {
        return Stream.of(
                fastPath("a literal is an equality check", "foo", StringMatcher.Equal.class),
                fastPath("the empty regex matches only the empty string", "", StringMatcher.Equal.class),
                fastPath("escaped metacharacters are literals", "foo\\.bar", StringMatcher.Equal.class),
                fastPath("quoted text is literal", "\\Qa.b*c\\E", StringMatcher.Equal.class),
                fastPath("explicit anchors are redundant", "^foo$", StringMatcher.Equal.class),
                fastPath("a capture group around a literal", "(foo)", StringMatcher.Equal.class),
                fastPath("an alternation of literals is a set", "foo|bar|baz", StringMatcher.InSet.class),
                fastPath("an empty branch adds the empty string", "foo|", StringMatcher.InSet.class),
                fastPath("a literal around a group of literals", "api-(eu|us)-1", StringMatcher.InSet.class),
                fastPath("an optional literal suffix", "foo(bar)?", StringMatcher.InSet.class),
                fastPath("a small character class", "node[0-3]", StringMatcher.InSet.class),
                fastPath("a product of classes", "[ab][cd]", StringMatcher.InSet.class),
                fastPath("anchored branches", "^foo$|^bar$", StringMatcher.InSet.class),
                fastPath("a case-insensitive literal", "(?i)foo", StringMatcher.EqualIgnoreCase.class),
                fastPath("a case-insensitive set", "(?i)foo|bar", StringMatcher.InSetIgnoreCase.class),
                fastPath("case-insensitive letters next to digits", "(?i)api-eu-1",
                        StringMatcher.EqualIgnoreCase.class),
                fastPath("case-insensitive letters with non-ASCII variants", "(?i)k|s|i",
                        StringMatcher.InSetIgnoreCase.class),
                fastPath("a case-insensitive class", "(?i)[a-c]x", StringMatcher.InSetIgnoreCase.class),
                fastPath("case-insensitive non-ASCII letters", "(?i)ß|é", StringMatcher.PatternMatch.class),
                fastPath("dot star matches everything", ".*", StringMatcher.Any.class),
                fastPath("lazy dot star matches everything", ".*?", StringMatcher.Any.class),
                fastPath("dot plus matches any non-empty value", ".+", StringMatcher.NonEmpty.class),
                fastPath("a literal prefix", "foo.*", StringMatcher.Prefix.class),
                fastPath("a literal suffix", ".*foo", StringMatcher.Suffix.class),
                fastPath("a literal infix", ".*foo.*", StringMatcher.Contains.class),
                fastPath("a prefix and a suffix", "foo.*bar", StringMatcher.LiteralsInOrder.class),
                fastPath("overlapping prefix and suffix", "ab.*ba", StringMatcher.LiteralsInOrder.class),
                fastPath("infixes in order", ".*a.*b.*", StringMatcher.LiteralsInOrder.class),
                fastPath("a non-empty gap", "a.+b", StringMatcher.LiteralsInOrder.class),
                fastPath("a counted gap of code points", ".{2,}b", StringMatcher.LiteralsInOrder.class),
                fastPath("two dot pluses", ".+.+", StringMatcher.LiteralsInOrder.class),
                fastPath("a prefix with a non-empty rest", "foo.+", StringMatcher.LiteralsInOrder.class),
                fastPath("an alternation of prefix and suffix", "foo.*|.*bar", StringMatcher.AnyOf.class),
                fastPath("an alternation of infixes", ".*foo.*|.*bar.*", StringMatcher.AnyOf.class),
                fastPath("a dot that excludes newline", "(?-s).*", StringMatcher.PatternMatch.class),
                fastPath("a general regex", "[a-z]+-\\d{2}", StringMatcher.PatternMatch.class),
                fastPath("a large class repetition", "[a-z]{3}", StringMatcher.PatternMatch.class),
                fastPath("multi-line anchors", "(?m)a$\\n^b", StringMatcher.PatternMatch.class),
                fastPath("word boundaries", ".*\\bfoo\\b.*", StringMatcher.PatternMatch.class),
                fastPath("a case-insensitive prefix", "(?i)foo.*", StringMatcher.PatternMatch.class),
                fastPath("mixed case sensitivity", "foo|(?i:bar)", StringMatcher.AnyOf.class),
                fastPath("a negated class", "[^a]+", StringMatcher.PatternMatch.class));
    }

    private static Arguments fastPath(String description, String regex, Class<?> expected) {
        return arguments(Named.of(description + " (" + regex + ")", regex), expected);
    }

    @ParameterizedTest
    @MethodSource("fastPaths")
    void fastPathAgreesWithTheRegexOnEveryInput(String regex, Class<?> expectedMatcher) {
        Matcher matcher = Matcher.regex("l", regex);
        Matcher negated = Matcher.notRegex("l", regex);

        assertThat(matcher.regexMatcher()).isInstanceOf(expectedMatcher);
        for (String input : INPUTS) {
            assertThat(matcher.matches(input))
                    .as("%s on %s (Java pattern %s)", regex, escape(input), matcher.javaPattern())
                    .isEqualTo(matcher.matchesWithPattern(input));
            assertThat(negated.matches(input)).isEqualTo(!matcher.matches(input));
        }
    }

    static Stream<Arguments> semantics() {
        return Stream.of(
                semantics("regexes are anchored at the start", "oo", "foo", false),
                semantics("regexes are anchored at the end", "fo", "foo", false),
                semantics("dot matches newline", "a.b", "a\nb", true),
                semantics("dot star matches across lines", "foo.*", "foo\nbar", true),
                semantics("(?-s) dot does not match newline", "(?-s)a.b", "a\nb", false),
                semantics("$ is the end of text, not before a final newline", "a$\\n", "a\n", false),
                semantics("$ does not accept a trailing newline", "a$", "a\n", false),
                semantics("multi-line $ matches before a newline", "(?m)a$\\nb", "a\nb", true),
                semantics("multi-line ^ matches after a final newline", "(?m)a\\n^", "a\n", true),
                semantics("multi-line ^ knows only \\n as a line end", "(?m)a\\r^b", "a\rb", false),
                semantics("\\z is the end of text", "a\\z", "a", true),
                semantics("\\A is the start of text", "\\Aa", "a", true),
                semantics("\\s does not include vertical tab", "\\s", "\u000B", false),
                semantics("\\s includes form feed", "\\s", "\f", true),
                semantics("\\v is the vertical tab", "\\v", "\u000B", true),
                semantics("\\v is not a newline", "\\v", "\n", false),
                semantics("\\d is ASCII only", "\\d", "\u0661", false),
                semantics("\\w is ASCII only", "\\w", "é", false),
                semantics("named groups in RE2 syntax", "(?P<first_name>a)b", "ab", true),
                semantics("named groups in Perl syntax", "(?<n>a)b", "ab", true),
                semantics("POSIX classes", "[[:alpha:]]+", "abC", true),
                semantics("POSIX classes are ASCII", "[[:alpha:]]", "é", false),
                semantics("negated POSIX classes", "[[:^digit:]]+", "ab", true),
                semantics("a brace that is not a repeat is literal", "a{,2}", "a{,2}", true),
                semantics("a repeat with a leading zero is literal", "a{01}", "a{01}", true),
                semantics("a lone brace is literal", "a{", "a{", true),
                semantics("a repeat count", "a{2}", "aa", true),
                semantics("octal escapes", "\\141\\142\\012", "ab\n", true),
                semantics("an octal escape takes at most three digits", "\\0142", "\f2", true),
                semantics("hex escapes", "\\x61\\x{1F600}", "a😀", true),
                semantics("bell and other named escapes", "\\a\\f\\t\\n\\r", "\u0007\f\t\n\r", true),
                semantics("escaped punctuation", "\\_\\-\\!", "_-!", true),
                semantics("a leading ] is literal in a class", "[]a]+", "]a", true),
                semantics("&& is literal in a class", "[a&&b]+", "&a", true),
                semantics("[ is literal in a class", "[[a]+", "[a", true),
                semantics("a trailing - is literal in a class", "[a-]+", "-a", true),
                semantics("Perl classes inside a class", "[\\d\\s]+", "1 2", true),
                semantics("negated Perl classes inside a class", "[\\D]+", "ab", true),
                semantics("Unicode letter class", "\\pL+", "héllo", true),
                semantics("Unicode script class", "\\p{Greek}+", "αβγ", true),
                semantics("negated Unicode script class", "\\P{Greek}", "a", true),
                semantics("caret-negated Unicode class", "\\p{^Greek}", "α", false),
                semantics("\\p{Any} matches newline", "\\p{Any}", "\n", true),
                semantics("a negated class matches newline", "[^a]", "\n", true),
                semantics("case-insensitive class", "(?i)[a-c]+", "AbC", true),
                semantics("case-insensitive negated class", "(?i)[^a]", "A", false),
                semantics("case-insensitive Unicode", "(?i)é", "É", true),
                semantics("case-insensitive supplementary characters", "(?i)\uD801\uDC00", "\uD801\uDC28", true),
                semantics("flags end with their group", "(a(?i)b)c", "aBc", true),
                semantics("flags end with their group, not earlier", "(a(?i)b)c", "aBC", false),
                semantics("flags apply to later branches", "a(?i)b|c", "C", true),
                semantics("the ungreedy flag changes nothing for a whole match", "(?U)a+b", "aab", true),
                semantics("a quantifier after quoted text applies to its last character", "\\Qab\\E+", "abbb", true),
                semantics("word boundary between word and space", ".*\\bfoo\\b.*", "a foo b", true),
                semantics("no word boundary inside a word", ".*\\bfoo\\b.*", "afoob", false),
                semantics("non word boundary", "a\\Bb", "ab", true),
                semantics("a set of literals does not match a longer value", "foo|bar", "foobar", false),
                semantics("a product of classes", "[ab][cd]", "bd", true),
                semantics("prefix and suffix must not overlap", "ab.*ba", "aba", false),
                semantics("a counted gap counts code points", ".{2,}b", "😀b", false),
                semantics("a counted gap of two code points", ".{2,}b", "😀😀b", true));
    }

    private static Arguments semantics(String description, String regex, String input, boolean expected) {
        return arguments(Named.of(description, regex), input, expected);
    }

    @ParameterizedTest
    @MethodSource("semantics")
    void followsPrometheusRegexSemantics(String regex, String input, boolean expected) {
        Matcher matcher = Matcher.regex("l", regex);

        assertThat(matcher.matches(input)).as("Java pattern %s", matcher.javaPattern()).isEqualTo(expected);
        assertThat(matcher.matchesWithPattern(input)).isEqualTo(expected);
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                rejected("backreference", "(a)\\1", "backreferences are not supported"),
                rejected("backreference 8", "(a)\\8", "backreferences are not supported"),
                rejected("named backreference", "(?P<n>a)(?P=n)", "named backreferences are not supported"),
                rejected("Java named backreference", "(?<n>a)\\k<n>", "named backreferences are not supported"),
                rejected("lookahead", "a(?=b)", "lookahead assertions are not supported"),
                rejected("negative lookahead", "a(?!b)", "negative lookahead assertions are not supported"),
                rejected("lookbehind", "(?<=a)b", "lookbehind assertions are not supported"),
                rejected("negative lookbehind", "(?<!a)b", "negative lookbehind assertions are not supported"),
                rejected("atomic group", "(?>a)", "atomic groups are not supported"),
                rejected("possessive star", "a*+", "possessive quantifiers are not supported"),
                rejected("possessive plus", "a++", "possessive quantifiers are not supported"),
                rejected("possessive question mark", "a?+", "possessive quantifiers are not supported"),
                rejected("possessive counted repeat", "a{2}+", "possessive quantifiers are not supported"),
                rejected("nested repetition", "a**", "invalid nested repetition operator"),
                rejected("stacked counted repeats", "a{2}{3}", "invalid nested repetition operator"),
                rejected("repeat count above 1000", "a{1001}", "invalid repeat count"),
                rejected("inverted repeat range", "a{3,2}", "invalid repeat count"),
                rejected("Java's end before final newline", "a\\Z", "\\Z is not supported"),
                rejected("Java's comments flag", "(?x)a b", "unsupported flag 'x'"),
                rejected("Java's Unicode case flag", "(?u)a", "unsupported flag 'u'"),
                rejected("inline comment", "a(?#comment)", "comments are not supported"),
                rejected("Java unicode escape", "\\u0041", "\\u is not RE2 syntax"),
                rejected("Java horizontal whitespace", "\\h", "invalid escape sequence"),
                rejected("Java line break", "\\R", "invalid escape sequence"),
                rejected("escape of a letter", "\\y", "invalid escape sequence"),
                rejected("Perl class as range end", "[a-\\d]", "invalid escape sequence"),
                rejected("inverted class range", "[z-a]", "invalid character class range"),
                rejected("unknown POSIX class", "[[:foo:]]", "invalid character class range"),
                rejected("unknown Unicode class", "\\p{Foo}", "invalid character class range"),
                rejected("Unicode script alias", "\\p{Grek}", "invalid character class range"),
                rejected("missing repeat argument", "*a", "missing argument to repetition operator"),
                rejected("repeat after a flag group", "(?i)+", "missing argument to repetition operator"),
                rejected("unclosed group", "(a", "missing closing )"),
                rejected("unbalanced paren", "a)", "unexpected )"),
                rejected("unclosed class", "[a", "missing closing ]"),
                rejected("trailing backslash", "a\\", "trailing backslash"),
                rejected("empty negated flags", "(?i-)a", "invalid flag group"),
                rejected("duplicate group name", "(?P<n>a)(?P<n>b)", "duplicate capture group name"),
                rejected("any byte", "\\C", "\\C (any byte) is not supported"));
    }

    private static Arguments rejected(String description, String regex, String reason) {
        return arguments(Named.of(description, regex), reason);
    }

    @ParameterizedTest
    @MethodSource("unsupported")
    void rejectsWhatRe2Rejects(String regex, String reason) {
        assertThatThrownBy(() -> Matcher.regex("job", regex))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining("\"" + regex + "\"");
        assertThatThrownBy(() -> Matcher.notRegex("job", regex)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arbitraryRegexesEitherCompileOrFailWithAClearErrorAndFastPathsAgree() {
        String[] tokens = {"a", "b", "o", "f", ".", "*", "+", "?", "|", "(", ")", "(?:", "(?i)", "(?-s)", "(?m)",
                "[", "]", "^", "$", "-", "{", "}", "{2}", "{1,}", ",", "\\", "\\d", "\\Q", "\\E", "\\b", "\\n",
                "[:alpha:]", "\\p{L}", "😀", "\n", "0", "1"};
        String[] inputs = {"", "a", "b", "ab", "aab", "foo", "FOO", "a\nb", "😀", "a-b", "{2}", "ba.", "boo"};
        Random random = new Random(1234);
        int compiled = 0;
        for (int i = 0; i < 10_000; i++) {
            StringBuilder regex = new StringBuilder();
            int length = random.nextInt(8);
            for (int j = 0; j < length; j++) {
                regex.append(tokens[random.nextInt(tokens.length)]);
            }
            Matcher matcher;
            try {
                matcher = Matcher.regex("l", regex.toString());
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).startsWith("invalid regular expression \"" + regex + "\": ");
                continue;
            }
            compiled++;
            for (String input : inputs) {
                assertThat(matcher.matches(input))
                        .as("%s on %s (Java pattern %s)", regex, escape(input), matcher.javaPattern())
                        .isEqualTo(matcher.matchesWithPattern(input));
            }
        }
        assertThat(compiled).isGreaterThan(1_000);
    }

    @Test
    void acceptsEveryUnicodeCategoryRe2Knows() {
        for (String category : List.of("C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc",
                "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
                "Sm", "So", "Z", "Zl", "Zp", "Zs")) {
            assertThat(Matcher.regex("l", "\\p{" + category + "}").matches("x"))
                    .isEqualTo(category.equals("L") || category.equals("Ll"));
        }
        assertThat(Matcher.regex("l", "\\p{Old_Italic}").matches("\uD800\uDF00")).isTrue();
    }

    @Test
    void setMatchesListsTheLiteralsOfASetRegex() {
        assertThat(Matcher.regex("job", "foo|bar|baz").setMatches()).containsExactly("foo", "bar", "baz");
        assertThat(Matcher.regex("job", "api-(eu|us)").setMatches()).containsExactly("api-eu", "api-us");
        assertThat(Matcher.regex("job", "[ab][cd]").setMatches()).containsExactly("ac", "ad", "bc", "bd");
        assertThat(Matcher.regex("job", "foo").setMatches()).containsExactly("foo");
        assertThat(Matcher.regex("job", "foo|").setMatches()).containsExactly("foo", "");
        assertThat(Matcher.regex("job", "a|b|a").setMatches()).containsExactly("a", "b");
        assertThat(Matcher.regex("job", "^(foo|bar)$").setMatches()).containsExactly("foo", "bar");
    }

    @Test
    void setMatchesIsEmptyWhenTheRegexIsNotAFiniteCaseSensitiveSet() {
        assertThat(Matcher.regex("job", "foo.*").setMatches()).isEmpty();
        assertThat(Matcher.regex("job", "(?i)foo|bar").setMatches()).isEmpty();
        assertThat(Matcher.regex("job", "[a-z]{3}").setMatches()).isEmpty();
        assertThat(Matcher.regex("job", "[^a]").setMatches()).isEmpty();
        assertThat(Matcher.equal("job", "foo").setMatches()).isEmpty();
        assertThat(Matcher.notRegex("job", "foo|bar").setMatches()).isEmpty();
    }

    @Test
    void aLargeAlternationOfLiteralsIsStillASet() {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add("instance-" + i);
        }
        Matcher matcher = Matcher.regex("instance", String.join("|", values));

        assertThat(matcher.setMatches()).containsExactlyElementsOf(values);
        assertThat(matcher.regexMatcher()).isInstanceOf(StringMatcher.InSet.class);
        assertThat(matcher.matches("instance-999")).isTrue();
        assertThat(matcher.matches("instance-1000")).isFalse();
    }

    @Test
    void prefixIsTheLiteralEveryMatchStartsWith() {
        assertThat(Matcher.regex("l", "foo.*").prefix()).isEqualTo("foo");
        assertThat(Matcher.regex("l", "^foo").prefix()).isEqualTo("foo");
        assertThat(Matcher.regex("l", "foo[0-9]+").prefix()).isEqualTo("foo");
        assertThat(Matcher.regex("l", "abc|abd").prefix()).isEqualTo("ab");
        assertThat(Matcher.regex("l", "a(bc|bd)e").prefix()).isEqualTo("ab");
        assertThat(Matcher.regex("l", "(ab)+c").prefix()).isEqualTo("ab");
        assertThat(Matcher.regex("l", "😀a|😀b").prefix()).isEqualTo("😀");
        assertThat(Matcher.regex("l", "\uD83D\uDE00|\uD83D\uDE01").prefix()).isEmpty();
        assertThat(Matcher.regex("l", ".*foo").prefix()).isEmpty();
        assertThat(Matcher.regex("l", "(?i)foo").prefix()).isEmpty();
        assertThat(Matcher.regex("l", "(ab)?c").prefix()).isEmpty();
        assertThat(Matcher.equal("l", "bar").prefix()).isEqualTo("bar");
        assertThat(Matcher.notEqual("l", "bar").prefix()).isEmpty();
        assertThat(Matcher.notRegex("l", "foo.*").prefix()).isEmpty();
    }

    @Test
    void anAbsentLabelMatchesAsTheEmptyString() {
        assertThat(Matcher.equal("job", "").matchesEmpty()).isTrue();
        assertThat(Matcher.notEqual("job", "").matchesEmpty()).isFalse();
        assertThat(Matcher.regex("job", ".*").matchesEmpty()).isTrue();
        assertThat(Matcher.regex("job", ".+").matchesEmpty()).isFalse();
        assertThat(Matcher.regex("job", "api|").matchesEmpty()).isTrue();
        assertThat(Matcher.notRegex("job", ".+").matchesEmpty()).isTrue();
        assertThat(Matcher.notEqual("job", "api").matchesEmpty()).isTrue();
        assertThat(Matcher.equal("job", "api").matchesEmpty()).isFalse();
    }

    @Test
    void equalityAndNegationMatchers() {
        assertThat(Matcher.equal("job", "api").matches("api")).isTrue();
        assertThat(Matcher.equal("job", "api").matches("API")).isFalse();
        assertThat(Matcher.notEqual("job", "api").matches("api")).isFalse();
        assertThat(Matcher.notEqual("job", "api").matches("web")).isTrue();
        assertThat(Matcher.of(MatchType.NOT_REGEX, "job", "a.*").matches("api")).isFalse();
        assertThat(Matcher.of(MatchType.NOT_REGEX, "job", "a.*").matches("web")).isTrue();
    }

    @Test
    void longValuesDoNotOverflowTheStack() {
        String longValue = "ab".repeat(100_000);

        assertThat(Matcher.regex("l", "(a|b)*").matches(longValue)).isTrue();
        assertThat(Matcher.regex("l", "[ab]+").matches(longValue)).isTrue();
        assertThat(Matcher.regex("l", "(?-s).*").matches(longValue)).isTrue();
    }

    @Test
    void fastPathsDoNotAllocate() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Matcher[] matchers = {
                Matcher.regex("l", "foo"), Matcher.regex("l", "foo|bar|baz"), Matcher.regex("l", "(?i)foo|bar"),
                Matcher.regex("l", "(?i)foo"), Matcher.regex("l", ".*"), Matcher.regex("l", ".+"),
                Matcher.regex("l", "foo.*"), Matcher.regex("l", ".*bar"), Matcher.regex("l", ".*oba.*"),
                Matcher.regex("l", "f.*o.+r"), Matcher.regex("l", "x.*|.*r"), Matcher.equal("l", "foo"),
                Matcher.notRegex("l", "foo.*")};
        String[] values = {"foobar", "baz", "FOO", "", "x\nfoobar"};
        int matched = 0;
        for (int round = 0; round < 2; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                for (Matcher matcher : matchers) {
                    if (matcher.matches(values[i % values.length])) {
                        matched++;
                    }
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            if (round == 1) {
                // A few hundred bytes of slack for the measurement itself; one allocation per call would be ~MBs.
                assertThat(allocated).isLessThan(4096);
            }
        }
        assertThat(matched).isPositive();
    }

    @Test
    void equalMatchersAreEqualAndHashAlike() {
        assertThat(Matcher.regex("job", "a.*")).isEqualTo(Matcher.of(MatchType.REGEX, "job", "a.*"));
        assertThat(Matcher.regex("job", "a.*").hashCode())
                .isEqualTo(Matcher.of(MatchType.REGEX, "job", "a.*").hashCode());
        assertThat(Matcher.regex("job", "a.*")).isNotEqualTo(Matcher.notRegex("job", "a.*"));
        assertThat(Matcher.equal("job", "a")).isNotEqualTo(Matcher.equal("instance", "a"));
        assertThat(Matcher.equal("job", "a")).isNotEqualTo(Matcher.equal("job", "b"));
    }

    @Test
    void printsInPromqlNotation() {
        assertThat(Matcher.equal("job", "api")).hasToString("job=\"api\"");
        assertThat(Matcher.notEqual("job", "api")).hasToString("job!=\"api\"");
        assertThat(Matcher.regex("job", "a|b")).hasToString("job=~\"a|b\"");
        assertThat(Matcher.notRegex("path", "\\d+\"\n")).hasToString("path!~\"\\\\d+\\\"\\n\"");
    }

    @Test
    void rejectsNulls() {
        assertThatThrownBy(() -> Matcher.equal(null, "a")).isInstanceOf(NullPointerException.class)
                .hasMessage("name is null");
        assertThatThrownBy(() -> Matcher.equal("a", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("value is null");
        assertThatThrownBy(() -> Matcher.of(null, "a", "b")).isInstanceOf(NullPointerException.class)
                .hasMessage("type is null");
    }

    private static String escape(String s) {
        return '"' + s.replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
