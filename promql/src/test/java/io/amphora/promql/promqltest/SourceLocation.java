package io.amphora.promql.promqltest;

import static java.util.Objects.requireNonNull;

/** A line of a {@code .test} file: the file's name and the 1-based line number, printed as {@code name:line}. */
public record SourceLocation(String file, int line) {
    public SourceLocation {
        requireNonNull(file, "file is null");
        if (line < 1) {
            throw new IllegalArgumentException("line must be positive: " + line);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
