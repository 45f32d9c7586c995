package io.amphora.promql.promqltest;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What an eval expects of one kind of annotation (warnings or infos), with the texts in the form the HTTP API shows
 * them ({@code PromQL warning: … (line:col)}).
 *
 * @param required at least one annotation of the kind (the deprecated {@code eval_warn}/{@code eval_info} headers)
 * @param matches the {@code expect warn}/{@code expect info} lines: each must match some annotation of the kind, and
 *     each annotation of the kind must match some line. A line without {@code msg:}/{@code regex:} matches any text.
 * @param forbidden {@code expect no_warn}/{@code expect no_info}: no annotation of the kind
 */
public record AnnotationExpectation(boolean required, List<TextMatch> matches, boolean forbidden) {
    public static final AnnotationExpectation UNCHECKED = new AnnotationExpectation(false, List.of(), false);

    public AnnotationExpectation {
        matches = List.copyOf(requireNonNull(matches, "matches is null"));
        if (forbidden && !matches.isEmpty()) {
            throw new IllegalArgumentException("annotations cannot be both expected and forbidden");
        }
    }

    /** Whether the eval says anything about this kind; when not, annotations of the kind are not checked at all. */
    public boolean checked() {
        return required || forbidden || !matches.isEmpty();
    }

    /** Why {@code actual} does not meet the expectation, or empty when it does. */
    public Optional<String> mismatch(List<String> actual) {
        requireNonNull(actual, "actual is null");
        if (required && actual.isEmpty()) {
            return Optional.of("expected at least one annotation but got none");
        }
        if (forbidden && !actual.isEmpty()) {
            return Optional.of("expected no annotations but got " + actual);
        }
        if (matches.isEmpty()) {
            return Optional.empty();
        }
        if (actual.isEmpty()) {
            return Optional.of("expected annotations matching " + matches + " but got none");
        }
        for (TextMatch match : matches) {
            if (actual.stream().noneMatch(match::matches)) {
                return Optional.of("no annotation matches " + match + "; got " + actual);
            }
        }
        for (String annotation : actual) {
            if (matches.stream().noneMatch(match -> match.matches(annotation))) {
                return Optional.of("unexpected annotation \"" + annotation + "\"");
            }
        }
        return Optional.empty();
    }
}
