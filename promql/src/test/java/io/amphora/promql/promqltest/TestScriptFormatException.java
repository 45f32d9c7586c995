package io.amphora.promql.promqltest;

import static java.util.Objects.requireNonNull;

/**
 * A {@code .test} file that does not follow the format. The message starts with {@code file:line:} (and the
 * 1-based column within that line when it is known), so the offending place can be found from the message alone.
 */
public final class TestScriptFormatException extends RuntimeException {
    private final SourceLocation location;
    private final int column;
    private final String detail;

    public TestScriptFormatException(SourceLocation location, String detail) {
        this(location, 0, detail);
    }

    /** @param column the 1-based column in the file's line, or 0 when it is not known */
    public TestScriptFormatException(SourceLocation location, int column, String detail) {
        super(requireNonNull(location, "location is null") + ":" + (column > 0 ? column + ":" : "") + " "
                + requireNonNull(detail, "detail is null"));
        this.location = location;
        this.column = column;
        this.detail = detail;
    }

    public SourceLocation location() {
        return location;
    }

    /** The 1-based column in the file's line, or 0 when it is not known. */
    public int column() {
        return column;
    }

    /** The message without the location. */
    public String detail() {
        return detail;
    }
}
