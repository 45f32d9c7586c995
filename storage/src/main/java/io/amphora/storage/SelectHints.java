package io.amphora.storage;

/**
 * What the caller will do with selected data, so a source can prune or pre-aggregate. Times are Unix
 * milliseconds, both bounds inclusive. {@code step} and {@code range} are 0 when not applicable, {@code func}
 * is the PromQL function name or empty.
 */
public record SelectHints(long start, long end, long step, String func, long range) {
    public SelectHints {
        if (start > end) {
            throw new IllegalArgumentException("start " + start + " is after end " + end);
        }
        if (func == null) {
            func = "";
        }
    }

    public static SelectHints range(long start, long end) {
        return new SelectHints(start, end, 0, "", 0);
    }
}
