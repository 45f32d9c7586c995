package io.amphora.promql.promqltest;

/** One command of a {@code .test} file, in file order. */
public sealed interface TestCommand permits Load, Clear, Eval {
    /** Where the command's first line is. */
    SourceLocation location();
}
