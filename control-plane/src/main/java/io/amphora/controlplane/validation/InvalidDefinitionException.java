package io.amphora.controlplane.validation;

import java.util.List;

/**
 * A rule file or alert manager definition that is not valid. The message lists every problem found, one per line,
 * in the wording Prometheus and Alertmanager users know.
 */
public final class InvalidDefinitionException extends Exception {
    private final List<String> problems;

    public InvalidDefinitionException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid definition has at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public InvalidDefinitionException(String problem) {
        this(List.of(problem));
    }

    /** Each problem, in document order. */
    public List<String> problems() {
        return problems;
    }
}
