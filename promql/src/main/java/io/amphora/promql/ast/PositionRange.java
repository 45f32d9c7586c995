package io.amphora.promql.ast;

import java.nio.charset.StandardCharsets;

/**
 * A half-open range {@code [start, end)} of UTF-8 byte offsets into the query text, as Prometheus's
 * {@code posrange.PositionRange}. {@link #NONE} ({@code -1, -1}) marks a node that did not come from query text.
 */
public record PositionRange(int start, int end) {
    public static final PositionRange NONE = new PositionRange(-1, -1);

    public PositionRange {
        if (start < -1 || end < -1) {
            throw new IllegalArgumentException("positions must be >= -1: " + start + ", " + end);
        }
        if (start > end) {
            throw new IllegalArgumentException("start " + start + " is after end " + end);
        }
    }

    public static PositionRange of(int start, int end) {
        return new PositionRange(start, end);
    }

    /** The range from the start of {@code first} to the end of {@code last}. */
    public static PositionRange span(PositionRange first, PositionRange last) {
        return new PositionRange(first.start, last.end);
    }

    /**
     * {@code line:column} of {@link #start()} in {@code query}, both 1-based, the column counted in bytes — the
     * prefix of Prometheus's parse errors ({@code 1:8: parse error: ...}) and the suffix of its annotations.
     * {@code "unknown position"} for an empty query and {@code "invalid position"} when the start is outside it.
     */
    public String lineColumn(String query) {
        if (query.isEmpty()) {
            return "unknown position";
        }
        byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
        if (start < 0 || start > bytes.length) {
            return "invalid position";
        }
        int line = 1;
        int lastLineBreak = -1;
        for (int i = 0; i < start; i++) {
            if (bytes[i] == '\n') {
                line++;
                lastLineBreak = i;
            }
        }
        return line + ":" + (start - lastLineBreak);
    }
}
