package io.amphora.promql.promqltest;

import static java.util.Objects.requireNonNull;

/** {@code clear}: all loaded data is deleted; the next command starts from empty storage. */
public record Clear(SourceLocation location) implements TestCommand {
    public Clear {
        requireNonNull(location, "location is null");
    }
}
