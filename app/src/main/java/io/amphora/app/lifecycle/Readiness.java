package io.amphora.app.lifecycle;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The process is ready when every {@link ReadinessCheck} is: startup complete, all services RUNNING, and the
 * gRPC servers serving.
 */
public final class Readiness {
    private final List<ReadinessCheck> checks;

    public Readiness(List<ReadinessCheck> checks) {
        this.checks = List.copyOf(requireNonNull(checks, "checks is null"));
    }

    /** The lines of every check that is not ready, in check order; empty when the process is ready. */
    public List<String> problems() {
        return checks.stream().flatMap(check -> check.notReady().stream()).toList();
    }
}
