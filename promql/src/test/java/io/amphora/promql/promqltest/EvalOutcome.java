package io.amphora.promql.promqltest;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** Whether one eval command passed, and if not, why. */
public record EvalOutcome(Eval eval, Optional<Failure> failure) {
    public EvalOutcome {
        requireNonNull(eval, "eval is null");
        requireNonNull(failure, "failure is null");
    }

    /**
     * @param category one line naming the check that failed and the kind of failure, stable from run to run (for
     *     example {@code @ check: result mismatch} or {@code engine error: unknown function "mad_over_time"}); the
     *     known-gaps file records it
     * @param detail the readable diff: the eval, the failing check (query, evaluation time), what was expected and
     *     what came back; several lines
     */
    public record Failure(String category, String detail) {
        public Failure {
            requireNonNull(category, "category is null");
            requireNonNull(detail, "detail is null");
            if (category.isBlank() || category.contains("\n")) {
                throw new IllegalArgumentException("category must be one non-blank line: " + category);
            }
        }
    }

    static EvalOutcome passed(Eval eval) {
        return new EvalOutcome(eval, Optional.empty());
    }

    static EvalOutcome failed(Eval eval, String category, String detail) {
        return new EvalOutcome(eval, Optional.of(new Failure(category, detail)));
    }

    public boolean passed() {
        return failure.isEmpty();
    }

    public SourceLocation location() {
        return eval.location();
    }
}
