package io.amphora.promql.engine;

/**
 * The error an operator would have stopped at. Prometheus evaluates step by step and fails at the first problem
 * in time order; the engine works series by series, so it records every problem with its step and, within a step,
 * the phase in which Prometheus would meet it, and raises the earliest one when the operator is done.
 */
final class StepErrors {
    /** Problems found while computing a step's values (matching, function arguments). */
    static final int PHASE_COMPUTE = 0;
    /** Two output samples with the same label set at a step. */
    static final int PHASE_COLLECT = 1;

    private int step = Integer.MAX_VALUE;
    private int phase = Integer.MAX_VALUE;
    private String message;

    void record(int step, int phase, String message) {
        if (step < this.step || (step == this.step && phase < this.phase)) {
            this.step = step;
            this.phase = phase;
            this.message = message;
        }
    }

    boolean any() {
        return message != null;
    }

    /** @throws QueryException with the earliest problem, if any was recorded */
    void raise() {
        if (message != null) {
            throw new QueryException(QueryErrorType.EXECUTION, message);
        }
    }
}
