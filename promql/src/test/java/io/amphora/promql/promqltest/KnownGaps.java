package io.amphora.promql.promqltest;

import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The one list of evals a conformance run is known to fail, each with its reason. The text form has one entry per
 * line, {@code file:line reason}, where {@code file:line} is the eval command's location; blank lines and lines
 * starting with {@code #} are ignored.
 */
public record KnownGaps(Map<SourceLocation, String> reasons) {
    /** The comment the generated file starts with. */
    static final String HEADER = """
            # Known gaps of the PromQL conformance run (io.amphora.promql.PromqlConformanceTest): evals of the
            # upstream Prometheus test files (shared/conformance/promql/testdata) that the engine does not pass yet,
            # one per line as `file:line reason`.
            #
            # The test fails when an eval that is not listed here fails, and when a listed eval passes or no longer
            # exists, so this list can only shrink: remove an entry as soon as its eval passes.
            # `-Damphora.conformance.updateGaps=true` rewrites the file from the current failures. It keeps the
            # reason of every entry that still fails and gives new entries their failure category; refine those
            # reasons by hand.
            """;

    public KnownGaps {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(reasons, "reasons is null")));
        for (Map.Entry<SourceLocation, String> entry : reasons.entrySet()) {
            String reason = requireNonNull(entry.getValue(), "reason is null");
            if (reason.isBlank() || reason.contains("\n")) {
                throw new IllegalArgumentException("the reason for " + entry.getKey() + " must be one non-blank line");
            }
        }
    }

    public static final KnownGaps NONE = new KnownGaps(Map.of());

    /**
     * Reads the text form.
     *
     * @param source names the text in error messages
     * @throws IllegalArgumentException for an entry without a reason, a malformed location or a location listed
     *     twice, naming the source and its line
     */
    public static KnownGaps parse(String source, String text) {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        Map<SourceLocation, String> reasons = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + ":" + (i + 1) + ": ";
            int space = indexOfWhitespace(line);
            if (space < 0) {
                throw new IllegalArgumentException(where + "an entry needs a reason after its location: " + line);
            }
            SourceLocation location = location(line.substring(0, space), where);
            String reason = line.substring(space).strip();
            if (reasons.put(location, reason) != null) {
                throw new IllegalArgumentException(where + location + " is listed twice");
            }
        }
        return new KnownGaps(reasons);
    }

    private static SourceLocation location(String text, String where) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(where + "expected file:line, got " + text);
        }
        int line;
        try {
            line = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + "expected file:line, got " + text);
        }
        if (line < 1) {
            throw new IllegalArgumentException(where + "line numbers start at 1: " + text);
        }
        return new SourceLocation(text.substring(0, colon), line);
    }

    private static int indexOfWhitespace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    public boolean contains(SourceLocation location) {
        return reasons.containsKey(location);
    }

    public Optional<String> reason(SourceLocation location) {
        return Optional.ofNullable(reasons.get(location));
    }

    public Set<SourceLocation> locations() {
        return reasons.keySet();
    }

    /**
     * The list for {@code failures}, in file and line order: an entry keeps its reason here when it has one, and
     * takes its failure's category otherwise.
     */
    public KnownGaps updatedFor(Collection<EvalOutcome> failures) {
        Map<SourceLocation, String> updated = new LinkedHashMap<>();
        failures.stream()
                .filter(outcome -> !outcome.passed())
                .sorted(Comparator.comparing((EvalOutcome outcome) -> outcome.location().file())
                        .thenComparingInt(outcome -> outcome.location().line()))
                .forEach(outcome -> updated.put(outcome.location(), reason(outcome.location())
                        .orElse(outcome.failure().orElseThrow().category())));
        return new KnownGaps(updated);
    }

    /** The text form: {@link #HEADER}, then one line per entry in this list's order. */
    public String format() {
        StringBuilder sb = new StringBuilder(HEADER);
        for (Map.Entry<SourceLocation, String> entry : reasons.entrySet()) {
            sb.append(entry.getKey()).append(' ').append(entry.getValue()).append('\n');
        }
        return sb.toString();
    }
}
