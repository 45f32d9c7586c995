package io.amphora.promql.promqltest;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The outcome of every eval command of one script, in file order. */
public record ScriptResult(TestScript script, List<EvalOutcome> outcomes) {
    public ScriptResult {
        requireNonNull(script, "script is null");
        outcomes = List.copyOf(requireNonNull(outcomes, "outcomes is null"));
    }

    public long passed() {
        return outcomes.stream().filter(EvalOutcome::passed).count();
    }

    public long failed() {
        return outcomes.size() - passed();
    }

    public List<EvalOutcome> failures() {
        return outcomes.stream().filter(outcome -> !outcome.passed()).toList();
    }
}
