package io.amphora.app;

import static java.util.Objects.requireNonNull;

/** {@code amphora.target} names no target, or one that does not exist. The process must not start. */
public final class UnknownTargetException extends IllegalArgumentException {
    private final String value;

    public UnknownTargetException(String value, String problem) {
        super(requireNonNull(problem, "problem is null") + "; valid targets: " + Targets.validIds());
        this.value = requireNonNull(value, "value is null");
    }

    /** The {@code amphora.target} value as given. */
    public String value() {
        return value;
    }
}
