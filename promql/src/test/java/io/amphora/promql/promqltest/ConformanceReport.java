package io.amphora.promql.promqltest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of a conformance run judged against the {@link KnownGaps}: counts over all eval commands and per
 * file, and the offenders that make the run fail. An offender is an eval that fails without being listed, a listed
 * eval that passes, or a listed location that is no eval of the run (the file or line moved).
 */
public record ConformanceReport(List<ScriptResult> results, KnownGaps gaps) {
    public ConformanceReport {
        results = List.copyOf(requireNonNull(results, "results is null"));
        requireNonNull(gaps, "gaps is null");
    }

    public long passed() {
        return results.stream().mapToLong(ScriptResult::passed).sum();
    }

    public long failed() {
        return results.stream().mapToLong(ScriptResult::failed).sum();
    }

    /** {@code promql-conformance: N passed, M failed}. */
    public String summary() {
        return "promql-conformance: " + passed() + " passed, " + failed() + " failed";
    }

    /** One {@code promql-conformance: file: N passed, M failed} line per script. */
    public List<String> perFile() {
        int width = results.stream().mapToInt(result -> result.script().name().length()).max().orElse(0);
        return results.stream()
                .map(result -> String.format("promql-conformance: %-" + (width + 1) + "s %4d passed, %4d failed",
                        result.script().name() + ":", result.passed(), result.failed()))
                .toList();
    }

    public List<EvalOutcome> outcomes() {
        return results.stream().flatMap(result -> result.outcomes().stream()).toList();
    }

    /** Failing evals that the gaps list does not name. */
    public List<EvalOutcome> unexpectedFailures() {
        return outcomes().stream().filter(outcome -> !outcome.passed() && !gaps.contains(outcome.location())).toList();
    }

    /** Evals the gaps list names that pass now. */
    public List<EvalOutcome> unexpectedPasses() {
        return outcomes().stream().filter(outcome -> outcome.passed() && gaps.contains(outcome.location())).toList();
    }

    /** Listed locations that are no eval of this run. */
    public List<SourceLocation> staleGaps() {
        Set<SourceLocation> evals = new HashSet<>();
        outcomes().forEach(outcome -> evals.add(outcome.location()));
        return gaps.locations().stream().filter(location -> !evals.contains(location)).toList();
    }

    /** Every offender, each as a readable paragraph (an unexpected failure with its diff). */
    public List<String> offenders() {
        List<String> offenders = new ArrayList<>();
        for (EvalOutcome outcome : unexpectedFailures()) {
            EvalOutcome.Failure failure = outcome.failure().orElseThrow();
            offenders.add("FAILED (not a known gap) [" + failure.category() + "]\n" + failure.detail());
        }
        for (EvalOutcome outcome : unexpectedPasses()) {
            offenders.add("PASSED but listed as a known gap (" + gaps.reason(outcome.location()).orElseThrow()
                    + "): remove " + outcome.location() + " from the known-gaps list\n"
                    + PromqlTestScriptRunner.header(outcome.eval()));
        }
        for (SourceLocation location : staleGaps()) {
            offenders.add("STALE known gap: " + location + " (" + gaps.reason(location).orElseThrow()
                    + ") is no eval command of the files run; remove or correct it");
        }
        return offenders;
    }

    /** The gaps list these results call for: {@link KnownGaps#updatedFor} their failures. */
    public KnownGaps updatedGaps() {
        return gaps.updatedFor(outcomes());
    }
}
