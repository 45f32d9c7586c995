package io.amphora.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A PromQL label matcher. Regular expressions use RE2 syntax and semantics as in Prometheus: they are fully
 * anchored and {@code .} matches a newline ({@code ^(?s:re)$}). An absent label matches as the empty string.
 *
 * <p>Constructs RE2 does not support (backreferences, lookaround, atomic groups, possessive quantifiers, Java-only
 * escapes and flags) are rejected with {@link IllegalArgumentException}, so a selector that Prometheus refuses is
 * refused here too and one it accepts means the same. Common regex shapes (literals, sets of literals such as
 * {@code a|b|c}, {@code prefix.*}, {@code .*suffix}, {@code .*infix.*}, {@code .*}, {@code .+}) are matched without
 * the regex engine and without allocating.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Matcher {
    private final MatchType type;
    private final String name;
    private final String value;
    private final FastRegex regex;
    private final boolean matchesEmpty;

    private Matcher(MatchType type, String name, String value) {
        this.type = requireNonNull(type, "type is null");
        this.name = requireNonNull(name, "name is null");
        this.value = requireNonNull(value, "value is null");
        this.regex = switch (type) {
            case EQUAL, NOT_EQUAL -> null;
            case REGEX, NOT_REGEX -> FastRegex.compile(value);
        };
        this.matchesEmpty = matches("");
    }

    /** @throws IllegalArgumentException when a regex is not valid RE2 syntax */
    public static Matcher of(MatchType type, String name, String value) {
        return new Matcher(type, name, value);
    }

    public static Matcher equal(String name, String value) {
        return new Matcher(MatchType.EQUAL, name, value);
    }

    public static Matcher notEqual(String name, String value) {
        return new Matcher(MatchType.NOT_EQUAL, name, value);
    }

    /** @throws IllegalArgumentException when {@code regex} is not valid RE2 syntax */
    public static Matcher regex(String name, String regex) {
        return new Matcher(MatchType.REGEX, name, regex);
    }

    /** @throws IllegalArgumentException when {@code regex} is not valid RE2 syntax */
    public static Matcher notRegex(String name, String regex) {
        return new Matcher(MatchType.NOT_REGEX, name, regex);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /**
     * Whether a series whose label {@link #name()} has {@code labelValue} ({@code ""} if absent) is selected.
     * Allocation-free unless the regex needs the regex engine.
     */
    public boolean matches(String labelValue) {
        return switch (type) {
            case EQUAL -> value.equals(labelValue);
            case NOT_EQUAL -> !value.equals(labelValue);
            case REGEX -> regex.matches(labelValue);
            case NOT_REGEX -> !regex.matches(labelValue);
        };
    }

    /** Whether series without the label are selected. */
    public boolean matchesEmpty() {
        return matchesEmpty;
    }

    /**
     * For a {@link MatchType#REGEX} matcher whose regex matches a finite set of case-sensitive literals (such as
     * {@code a|b|c}, {@code foo}, {@code api-(eu|us)}): exactly those values, without duplicates, in the order
     * they appear; a postings index can look them up instead of scanning every value. {@code ""} among them stands
     * for series without the label. Empty for other regexes and other matcher types.
     */
    public List<String> setMatches() {
        return type == MatchType.REGEX ? regex.setMatches() : List.of();
    }

    /**
     * A literal that every value this matcher selects starts with, so an index can restrict a scan to it:
     * the value of an {@link MatchType#EQUAL} matcher, the literal prefix of a {@link MatchType#REGEX} (e.g.
     * {@code "api-"} for {@code api-.*}, {@code "ab"} for {@code abc|abd}). {@code ""} when there is none and for
     * negative matchers.
     */
    public String prefix() {
        return switch (type) {
            case EQUAL -> value;
            case REGEX -> regex.prefix();
            case NOT_EQUAL, NOT_REGEX -> "";
        };
    }

    /** The regex's matcher, to let tests assert which fast path was chosen. */
    StringMatcher regexMatcher() {
        return regex == null ? null : regex.matcher();
    }

    /** Evaluates with the translated Java pattern only, bypassing the fast paths, so tests can compare both. */
    boolean matchesWithPattern(String labelValue) {
        return switch (type) {
            case EQUAL, NOT_EQUAL -> matches(labelValue);
            case REGEX -> regex.matchesWithPattern(labelValue);
            case NOT_REGEX -> !regex.matchesWithPattern(labelValue);
        };
    }

    /** The translated Java pattern source, for tests. */
    String javaPattern() {
        return regex == null ? null : regex.pattern().pattern();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && type == m.type && name.equals(m.name) && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (type.ordinal() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    /** PromQL notation, e.g. {@code job=~"api|web"}. */
    @Override
    public String toString() {
        return name + type.operator() + '"'
                + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
