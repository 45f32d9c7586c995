package io.amphora.promql.engine;

/**
 * The evaluation timestamps of one evaluator: {@code start, start + interval, ...} up to and including the last one
 * not after {@code end}. Instant evaluation is a grid of one step (Prometheus uses interval 1 there).
 */
record StepGrid(long start, long end, long interval) {
    StepGrid {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        if (end < start) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
    }

    static StepGrid instant(long time) {
        return new StepGrid(time, time, 1);
    }

    int steps() {
        return (int) ((end - start) / interval) + 1;
    }

    long time(int step) {
        return start + step * interval;
    }

    /** The last timestamp of the grid: {@code end} rounded down onto the grid. */
    long lastTime() {
        return start + ((end - start) / interval) * interval;
    }

    boolean singleStep() {
        return start == end;
    }

    /** The step at {@code time}, or -1 when it is not one of this grid's timestamps. */
    int stepAt(long time) {
        if (time < start || time > end || (time - start) % interval != 0) {
            return -1;
        }
        return (int) ((time - start) / interval);
    }
}
